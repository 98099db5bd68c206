package io.chorus.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One topic of the catalogue: its name, what its keys and values are, and how it should be
 * configured. Every module refers to topics through {@link Topics}, never by a string.
 *
 * @param name              the Kafka topic name
 * @param keyType           Java type of the key (always a String id in Chorus)
 * @param valueType         Java type of the value (an Avro record, or String for registry-internal topics)
 * @param cleanupPolicy     delete (time-based retention) or compact (latest value per key)
 * @param partitions        suggested partition count
 * @param retention         how long records are kept; empty means forever
 * @param maxMessageBytes   largest record the topic accepts (topic {@code max.message.bytes};
 *                          producers writing it need {@code max.request.size} at least this large)
 * @param description       what flows through it, in one sentence
 */
public record TopicSpec<K, V>(
        String name,
        Class<K> keyType,
        Class<V> valueType,
        CleanupPolicy cleanupPolicy,
        int partitions,
        Optional<Duration> retention,
        int maxMessageBytes,
        String description) {

    /** Kafka's default {@code max.message.bytes} (1 MiB plus record overhead). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
        }
    }

    /** Schema Registry subject of the values under the topic-name strategy. */
    public String valueSubject() {
        return name + "-value";
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy.configValue());
        configs.put("retention.ms", retention.map(d -> Long.toString(d.toMillis())).orElse("-1"));
        configs.put("max.message.bytes", Integer.toString(maxMessageBytes));
        if (cleanupPolicy == CleanupPolicy.COMPACT) {
            // Compact soon after a new value arrives so the log stays close to one record per key.
            configs.put("min.cleanable.dirty.ratio", "0.1");
            configs.put("segment.ms", Long.toString(Duration.ofHours(1).toMillis()));
        }
        return configs;
    }

    @Override
    public String toString() {
        return name;
    }
}
