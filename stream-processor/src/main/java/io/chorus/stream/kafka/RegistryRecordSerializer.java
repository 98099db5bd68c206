package io.chorus.stream.kafka;

import io.chorus.schemas.serde.RegistryAvroSerializer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes one of the job's POJOs to a catalogue topic: converted to its Avro record, in the
 * Confluent wire format through our registry, with a string key.
 */
public class RegistryRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final RegistryConnection registry;
    private final SerializableFunction<T, ? extends SpecificRecord> toAvro;
    private final SerializableFunction<T, String> key;
    private transient RegistryAvroSerializer<SpecificRecord> writer;

    public RegistryRecordSerializer(String topic, RegistryConnection registry,
                                    SerializableFunction<T, ? extends SpecificRecord> toAvro,
                                    SerializableFunction<T, String> key) {
        this.topic = topic;
        this.registry = registry;
        this.toAvro = toAvro;
        this.key = key;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        writer = new RegistryAvroSerializer<>(registry.newClient());
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                writer.serialize(topic, toAvro.apply(element)));
    }
}
