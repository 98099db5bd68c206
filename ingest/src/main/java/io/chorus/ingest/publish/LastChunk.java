package io.chorus.ingest.publish;

import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.KeyPartition;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a recorder's stream stands in {@code audio.chunks}: its last committed chunk. The topic
 * is the resume journal — a restarted publisher continues after what is there, so it neither
 * skips nor repeats a chunk, whatever happened to the previous process.
 *
 * @param sequenceNumber last sequence number published
 * @param startMicros    event time of that chunk's first sample
 */
public record LastChunk(long sequenceNumber, long startMicros) {

    private static final int STEP = 5_000;

    /** One recorder; see {@link #of(KafkaClientSettings, Collection)}. */
    public static Optional<LastChunk> of(KafkaClientSettings settings, String recorderId) {
        return Optional.ofNullable(of(settings, List.of(recorderId)).get(recorderId));
    }

    /**
     * Many recorders at once: each of their partitions is read backwards from its end, once, until
     * every recorder on it is found or the partition's start is reached (a recorder never published
     * costs one pass over its partition, shared by all the others on it).
     */
    public static Map<String, LastChunk> of(KafkaClientSettings settings, Collection<String> recorderIds) {
        Map<String, LastChunk> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.consumer(null, Topics.AUDIO_CHUNKS),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             RegistryAvroDeserializer<AudioChunk> values = settings.valueDeserializer(Topics.AUDIO_CHUNKS)) {
            int partitions = consumer.partitionsFor(Topics.AUDIO_CHUNKS.name()).size();
            Map<Integer, Set<String>> byPartition = new HashMap<>();
            for (String id : recorderIds) {
                int p = KeyPartition.of(id, partitions);
                byPartition.computeIfAbsent(p, k -> new HashSet<>()).add(id);
            }
            for (Map.Entry<Integer, Set<String>> e : byPartition.entrySet()) {
                scan(consumer, values, new TopicPartition(Topics.AUDIO_CHUNKS.name(), e.getKey()), new HashSet<>(e.getValue()),
                        found);
            }
        }
        return found;
    }

    private static void scan(KafkaConsumer<byte[], byte[]> consumer, RegistryAvroDeserializer<AudioChunk> values,
                             TopicPartition tp, Set<String> wanted, Map<String, LastChunk> found) {
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        for (long to = end; to > begin && !wanted.isEmpty(); to -= STEP) {
            long from = Math.max(begin, to - STEP);
            consumer.seek(tp, from);
            Map<String, LastChunk> block = new HashMap<>();
            while (consumer.position(tp) < to) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.offset() >= to || r.key() == null || r.value() == null) {
                        continue;
                    }
                    String id = new String(r.key(), StandardCharsets.UTF_8);
                    if (!wanted.contains(id)) {
                        continue;
                    }
                    AudioChunk c = values.deserialize(r.topic(), r.value());
                    long start = c.getStartTime().getEpochSecond() * 1_000_000L + c.getStartTime().getNano() / 1000;
                    LastChunk best = block.get(id);
                    if (best == null || c.getSequenceNumber() > best.sequenceNumber) {
                        block.put(id, new LastChunk(c.getSequenceNumber(), start));
                    }
                }
            }
            found.putAll(block);
            wanted.removeAll(block.keySet());
        }
    }
}
