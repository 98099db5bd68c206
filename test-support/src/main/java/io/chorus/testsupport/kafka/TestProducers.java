package io.chorus.testsupport.kafka;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writing records a test needs onto a topic, with the registry serializer every Chorus producer uses. */
public final class TestProducers {

    private TestProducers() {
    }

    /** A producer for the topic (not transactional: each send is visible at once). */
    public static <V extends SpecificRecord> KafkaProducer<String, V> producer(KafkaClientSettings kafka, TopicSpec<String, V> topic) {
        return new KafkaProducer<>(kafka.producer("test-" + topic.name(), topic), new StringSerializer(), kafka.valueSerializer(topic));
    }

    /** Sends one record and waits until the broker has it. */
    public static <V extends SpecificRecord> void send(KafkaProducer<String, V> producer, TopicSpec<String, V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending to " + topic.name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + topic.name() + ": " + e.getCause(), e.getCause());
        }
    }

    /** One record through a producer of its own. */
    public static <V extends SpecificRecord> void sendOne(KafkaClientSettings kafka, TopicSpec<String, V> topic, String key, V value) {
        try (KafkaProducer<String, V> p = producer(kafka, topic)) {
            send(p, topic, key, value);
        }
    }
}
