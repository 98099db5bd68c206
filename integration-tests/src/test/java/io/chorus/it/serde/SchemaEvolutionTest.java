package io.chorus.it.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.it.SharedStack;
import io.chorus.it.TestTopics;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.registry.IncompatibleSchemaException;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.serde.RegistryAvroSerializer;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A consumer compiled against v1 of AudioChunk (the generated class) reads records a newer
 * producer wrote with v2 (one more field, with a default), through the real broker and registry.
 */
class SchemaEvolutionTest {

    /** AudioChunk v2: v1 plus {@code gainDb} (default 0.0). */
    static Schema audioChunkV2() {
        return audioChunkWith(new Schema.Field("gainDb", Schema.create(Schema.Type.DOUBLE), "Recorder gain in dB.", 0.0));
    }

    /** AudioChunk's schema with one more field at the end. */
    static Schema audioChunkWith(Schema.Field extra) {
        Schema v1 = AudioChunk.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    /** A v1 record re-read as a v2 GenericRecord, so it carries the same values plus gainDb. */
    static GenericRecord asV2(AudioChunk chunk, Schema v2, double gainDb) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<AudioChunk>(AudioChunk.getClassSchema(), SpecificData.getForClass(AudioChunk.class)).write(chunk, enc);
        enc.flush();
        GenericRecord record = new GenericDatumReader<GenericRecord>(AudioChunk.getClassSchema(), v2, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        record.put("gainDb", gainDb);
        return record;
    }

    @Test
    void aV1ConsumerReadsRecordsWrittenWithV2() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "evolution-test");
        SchemaRegistryClient registry = stack.clientSettings().registryClient();
        Schema v2 = audioChunkV2();

        try (KafkaProducer<String, AudioChunk> v1Producer = new KafkaProducer<>(stack.clientSettings().producer("v1", Topics.AUDIO_CHUNKS),
                new StringSerializer(), new RegistryAvroSerializer<>(registry));
             KafkaProducer<String, GenericRecord> v2Producer = new KafkaProducer<>(stack.clientSettings().producer("v2", Topics.AUDIO_CHUNKS),
                     new StringSerializer(), new RegistryAvroSerializer<>(registry))) {
            v1Producer.send(new ProducerRecord<>(topic, "rec-01", SampleRecords.audioChunk())).get();
            v2Producer.send(new ProducerRecord<>(topic, "rec-01", asV2(SampleRecords.audioChunk(), v2, 6.0))).get();
        }
        assertThat(registry.getVersions(topic + "-value")).containsExactly(1, 2);

        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, AudioChunk> v1Consumer = new KafkaConsumer<>(stack.clientSettings().consumer(null, Topics.AUDIO_CHUNKS),
                new StringDeserializer(), new RegistryAvroDeserializer<>(registry, AudioChunk.class));
             KafkaConsumer<String, GenericRecord> genericConsumer = new KafkaConsumer<>(stack.clientSettings().consumer(null, Topics.AUDIO_CHUNKS),
                     new StringDeserializer(), new RegistryAvroDeserializer<>(registry, null))) {
            v1Consumer.assign(List.of(partition));
            v1Consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, AudioChunk>> read = CommittedRecords.poll(v1Consumer, 2, Duration.ofSeconds(20));
            assertThat(read).extracting(ConsumerRecord::value).containsExactly(SampleRecords.audioChunk(), SampleRecords.audioChunk());

            genericConsumer.assign(List.of(partition));
            genericConsumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, GenericRecord>> generic = CommittedRecords.poll(genericConsumer, 2, Duration.ofSeconds(20));
            assertThat(generic).as("records read back as generic").hasSize(2);
            assertThat(generic.get(0).value().getSchema().getField("gainDb")).isNull();
            assertThat(generic.get(1).value().get("gainDb")).isEqualTo(6.0);
        }
    }

    @Test
    void anIncompatibleWriterIsRefusedBeforeAnythingIsWritten() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "evolution-refused-test");
        SchemaRegistryClient registry = stack.clientSettings().registryClient();
        RegistryAvroSerializer<org.apache.avro.generic.GenericContainer> serializer = new RegistryAvroSerializer<>(registry);
        serializer.serialize(topic, SampleRecords.audioChunk());

        // v3 adds a required field without default: v3 readers could not read v1 data (BACKWARD).
        Schema v3 = audioChunkWith(new Schema.Field("mustHave", Schema.create(Schema.Type.STRING), "no default", (Object) null));
        GenericRecord record = new GenericData.Record(v3);

        assertThatThrownBy(() -> serializer.serialize(topic, record))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining(topic + "-value").hasMessageContaining("topic " + topic).hasMessageContaining("mustHave");
        assertThat(registry.getVersions(topic + "-value")).containsExactly(1);
    }
}
