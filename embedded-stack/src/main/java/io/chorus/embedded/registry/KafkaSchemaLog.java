package io.chorus.embedded.registry;

import io.chorus.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's log in a compacted, single-partition Kafka topic, so schema ids survive a
 * restart of the registry and of the broker. Single writer: the registry holding this log.
 */
final class KafkaSchemaLog implements SchemaLog {

    private final TopicSpec<String, String> topic;
    private final Map<String, Object> clientConfig;
    private final Duration writeTimeout;
    private final KafkaProducer<String, String> producer;

    KafkaSchemaLog(Map<String, Object> clientConfig, TopicSpec<String, String> topic, Duration writeTimeout) {
        this.topic = topic;
        this.clientConfig = clientConfig;
        this.writeTimeout = writeTimeout;
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "chorus-schema-registry");
        // Bound how long a write may wait when Kafka is down, so a request fails instead of hanging.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) writeTimeout.toMillis() / 2);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) writeTimeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) writeTimeout.toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void replay(BiConsumer<String, String> consumer, Duration timeout) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "chorus-schema-registry-replay");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            List<TopicPartition> partitions = List.of(partition);
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long end = reader.endOffsets(partitions, timeout).get(partition);
            while (reader.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to offset " + end + " within "
                            + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    consumer.accept(r.key(), r.value());
                }
            }
        }
    }

    @Override
    public void append(String key, String value) {
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        try {
            var sent = producer.send(new ProducerRecord<>(topic.name(), 0, key, value));
            sent.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw RegistryError.storeTimeout("writing to " + topic.name() + " took longer than " + writeTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw RegistryError.storeTimeout("writing to " + topic.name() + ": " + cause.getMessage());
            }
            throw RegistryError.storeError("writing to " + topic.name() + ": " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.storeError("interrupted while writing to " + topic.name());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw RegistryError.storeError("writing to " + topic.name() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
