package io.chorus.it.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.it.SharedStack;
import io.chorus.it.TestTopics;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.RegistryServerException;
import io.chorus.schemas.registry.RegistryUnavailableException;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.serde.RegistryAvroSerializer;
import io.chorus.schemas.serde.SchemaResolutionException;
import io.chorus.schemas.serde.TruncatedPayloadException;
import io.chorus.schemas.serde.UnknownMagicByteException;
import io.chorus.schemas.serde.UnknownSchemaIdException;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input yields its own typed error naming the topic and the schema id, on bytes
 * that went through the real broker and ids from the real registry.
 */
class BadInputTest {

    @TempDir
    Path dataDir;

    /** Writes raw bytes to the topic and reads them back as they were stored. */
    private static byte[] throughBroker(EmbeddedStack stack, String topic, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.clientSettings().producer("raw", Topics.AUDIO_CHUNKS),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.clientSettings().consumer(null, Topics.AUDIO_CHUNKS),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            long offset = producer.send(new ProducerRecord<>(topic, 0, "k", value)).get().offset();
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            List<ConsumerRecord<String, byte[]>> read = CommittedRecords.poll(consumer, 1, Duration.ofSeconds(20));
            assertThat(read).as("the record read back").hasSize(1);
            return read.get(0).value();
        }
    }

    private static RegistryAvroDeserializer<AudioChunk> audioReader(EmbeddedStack stack) {
        return new RegistryAvroDeserializer<>(stack.clientSettings().registryClient(), AudioChunk.class);
    }

    @Test
    void unknownMagicByteSurfacesThroughTheKafkaConsumer() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "bad-magic-test");
        throughBroker(stack, topic, "{\"recorderId\":\"rec-01\"}".getBytes(StandardCharsets.UTF_8));

        try (KafkaConsumer<String, AudioChunk> consumer = new KafkaConsumer<>(stack.clientSettings().consumer(null, Topics.AUDIO_CHUNKS),
                new StringDeserializer(), audioReader(stack))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(RecordDeserializationException.class)
                    .cause().isInstanceOf(UnknownMagicByteException.class)
                    .hasMessageContaining(topic).hasMessageContaining("0x7b");
        }
    }

    @Test
    void unknownSchemaIdNamesTheIdAndTopic() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "bad-id-test");
        byte[] stored = throughBroker(stack, topic, new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 2, 'a'});

        assertThatThrownBy(() -> audioReader(stack).deserialize(topic, stored))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining(topic).hasMessageContaining("schema id 2147483632");
    }

    @Test
    void truncatedPayloadIsReportedAsSuch() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "bad-truncated-test");
        byte[] whole = new RegistryAvroSerializer<AudioChunk>(stack.clientSettings().registryClient())
                .serialize(topic, SampleRecords.audioChunk());
        RegistryAvroDeserializer<AudioChunk> reader = audioReader(stack);
        assertThat(reader.deserialize(topic, throughBroker(stack, topic, whole))).isEqualTo(SampleRecords.audioChunk());

        for (int cut : new int[] {3, 12, whole.length / 2, whole.length - 1}) {
            byte[] stored = throughBroker(stack, topic, Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> reader.deserialize(topic, stored))
                    .as("cut at %d of %d bytes", cut, whole.length)
                    .isInstanceOf(TruncatedPayloadException.class)
                    .hasMessageContaining(topic);
        }
    }

    @Test
    void aWriterSchemaTheReaderCannotResolveIsNamed() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "bad-resolution-test");
        byte[] annotation = new RegistryAvroSerializer<>(stack.clientSettings().registryClient())
                .serialize(topic, SampleRecords.annotation());
        byte[] stored = throughBroker(stack, topic, annotation);

        assertThatThrownBy(() -> audioReader(stack).deserialize(topic, stored))
                .isInstanceOf(SchemaResolutionException.class)
                .hasMessageContaining(topic).hasMessageContaining("io.chorus.schemas.avro.Annotation")
                .hasMessageContaining("cannot be read as io.chorus.schemas.avro.AudioChunk");
    }

    @Test
    void anUnreachableRegistryIsRetriedBoundedlyAndNamesTheTopic() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        String topic = TestTopics.create(stack, "bad-unreachable-test");
        byte[] stored = throughBroker(stack, topic, new RegistryAvroSerializer<AudioChunk>(stack.clientSettings().registryClient())
                .serialize(topic, SampleRecords.audioChunk()));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SchemaRegistryClient unreachable = new SchemaRegistryClient(RegistryClientConfig.of("http://127.0.0.1:" + closedPort)
                .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(50)));

        assertThatThrownBy(() -> new RegistryAvroDeserializer<>(unreachable, AudioChunk.class).deserialize(topic, stored))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("topic " + topic)
                .hasMessageContaining("/schemas/ids/");
        assertThat(unreachable.httpCallCount()).isEqualTo(3);
    }

    @Test
    void aRegistryAnswering5xxIsReportedWithTheSubjectAfterBoundedRetries() {
        // A private stack whose broker we stop: the registry then cannot store and answers 5xx.
        try (EmbeddedStack stack = EmbeddedStack.start(dataDir, 0, 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl())
                    .withRetries(1, Duration.ofMillis(20), Duration.ofMillis(20)));
            stack.broker().close();

            assertThatThrownBy(() -> new RegistryAvroSerializer<AudioChunk>(client).serialize("audio.chunks", SampleRecords.audioChunk()))
                    .isInstanceOf(RegistryServerException.class)
                    .hasMessageContaining("audio.chunks-value").hasMessageContaining("error_code 5000");
            assertThat(client.httpCallCount()).isEqualTo(2);
        }
    }
}
