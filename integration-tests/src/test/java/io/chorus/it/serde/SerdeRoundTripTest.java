package io.chorus.it.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.it.SharedStack;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every topic's value schema: serializer → real broker → deserializer gives back the same record. */
class SerdeRoundTripTest {

    static Stream<TopicSpec<String, ?>> dataTopics() {
        return Topics.DATA_TOPICS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataTopics")
    <V extends SpecificRecord> void recordsRoundTripThroughTheBroker(TopicSpec<String, V> topic) throws Exception {
        EmbeddedStack stack = SharedStack.get();
        KafkaClientSettings settings = stack.clientSettings();
        @SuppressWarnings("unchecked")
        V sample = (V) SampleRecords.forTopic(topic);

        TopicPartition partition = new TopicPartition(topic.name(), 0);
        long start;
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings.consumer(null, topic),
                new StringDeserializer(), settings.valueDeserializer(topic))) {
            consumer.assign(List.of(partition));
            start = consumer.endOffsets(List.of(partition)).get(partition);

            try (KafkaProducer<String, V> producer = new KafkaProducer<>(settings.producer("round-trip", topic),
                    new StringSerializer(), settings.valueSerializer(topic))) {
                producer.send(new ProducerRecord<>(topic.name(), 0, "key-1", sample)).get();
                producer.send(new ProducerRecord<>(topic.name(), 0, "key-2", sample)).get();
            }

            consumer.seek(partition, start);
            List<ConsumerRecord<String, V>> received = CommittedRecords.poll(consumer, 2, Duration.ofSeconds(20));
            assertThat(received).hasSize(2);
            @SuppressWarnings("unchecked")
            V fresh = (V) SampleRecords.forTopic(topic);
            assertThat(received).allSatisfy(r -> {
                assertThat(r.value()).isInstanceOf(topic.valueType());
                assertThat(r.value()).isEqualTo(fresh);
            });
        }
        SchemaRegistryClient registry = settings.registryClient();
        assertThat(registry.getLatest(topic.valueSubject()).schema()).contains(topic.valueType().getSimpleName());
    }
}
