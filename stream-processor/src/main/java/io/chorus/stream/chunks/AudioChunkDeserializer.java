package io.chorus.stream.chunks;

import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.registry.SchemaRegistryException;
import io.chorus.schemas.serde.MalformedPayloadException;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.serde.SchemaResolutionException;
import io.chorus.schemas.serde.TruncatedPayloadException;
import io.chorus.schemas.serde.UnknownMagicByteException;
import io.chorus.schemas.serde.UnknownSchemaIdException;
import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.kafka.RegistryConnection;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code audio.chunks} records through the registry. A record whose bytes cannot be read
 * becomes a {@link Rejection} with its original bytes instead of an exception, so one bad
 * record never fails the job. The registry being unreachable is not the record's fault: that
 * still throws, Flink restarts from the last checkpoint and reads the record again later.
 */
public class AudioChunkDeserializer implements KafkaRecordDeserializationSchema<ChunkInput> {

    private static final long serialVersionUID = 1L;
    public static final String STAGE = "stream-processor/source";

    private final RegistryConnection registry;
    private transient RegistryAvroDeserializer<AudioChunk> reader;

    public AudioChunkDeserializer(RegistryConnection registry) {
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        reader = new RegistryAvroDeserializer<>(registry.newClient(), AudioChunk.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ChunkInput> out) {
        out.collect(read(record));
    }

    ChunkInput read(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        if (record.value() == null) {
            return reject(record, ReasonCodes.NULL_VALUE, "record has no value (tombstone) on " + topic, null);
        }
        try {
            AudioChunk chunk = reader.deserialize(topic, record.value());
            return ChunkInput.read(chunk).from(topic, record.partition(), record.offset(), record.key(), record.value());
        } catch (SchemaRegistryException e) {
            throw e; // transient: restart and retry rather than dead-letter good data
        } catch (UnknownMagicByteException e) {
            return reject(record, ReasonCodes.UNKNOWN_MAGIC_BYTE, e.getMessage(), e);
        } catch (UnknownSchemaIdException e) {
            return reject(record, ReasonCodes.UNKNOWN_SCHEMA_ID, e.getMessage(), e);
        } catch (TruncatedPayloadException e) {
            return reject(record, ReasonCodes.TRUNCATED_PAYLOAD, e.getMessage(), e);
        } catch (MalformedPayloadException e) {
            return reject(record, ReasonCodes.MALFORMED_PAYLOAD, e.getMessage(), e);
        } catch (SchemaResolutionException e) {
            return reject(record, ReasonCodes.SCHEMA_RESOLUTION, e.getMessage(), e);
        } catch (RuntimeException e) {
            return reject(record, ReasonCodes.UNREADABLE, "topic " + topic + ": record cannot be read: " + e, e);
        }
    }

    private static ChunkInput reject(ConsumerRecord<byte[], byte[]> record, String code, String reason, Throwable cause) {
        Rejection r = Rejection.of(record.topic(), STAGE, code, reason).at(record.partition(), record.offset())
                .causedBy(cause).withBytes(record.key(), record.value());
        if (record.key() != null) {
            r.recorderId = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return ChunkInput.unreadable(r);
    }

    @Override
    public TypeInformation<ChunkInput> getProducedType() {
        return TypeInformation.of(ChunkInput.class);
    }
}
