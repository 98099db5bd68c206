package io.chorus.ingest.publish;

import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a recorder's stream stands in {@code audio.chunks}: its last committed chunk. The topic
 * is the resume journal — a restarted publisher continues after what is there, so it neither
 * skips nor repeats a chunk, whatever happened to the previous process.
 *
 * @param sequenceNumber last sequence number published
 * @param startMicros    event time of that chunk's first sample
 */
public record LastChunk(long sequenceNumber, long startMicros) {

    private static final int STEP = 2_000;

    /** Reads the tail of the recorder's partition backwards until its newest chunk is found. */
    public static Optional<LastChunk> of(KafkaClientSettings settings, String recorderId) {
        byte[] key = recorderId.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = settings.consumer(null, Topics.AUDIO_CHUNKS);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             RegistryAvroDeserializer<AudioChunk> values = settings.valueDeserializer(Topics.AUDIO_CHUNKS)) {
            int partitions = consumer.partitionsFor(Topics.AUDIO_CHUNKS.name()).size();
            TopicPartition tp = new TopicPartition(Topics.AUDIO_CHUNKS.name(), Utils.toPositive(Utils.murmur2(key)) % partitions);
            consumer.assign(List.of(tp));
            long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            for (long to = end; to > begin; to -= STEP) {
                long from = Math.max(begin, to - STEP);
                consumer.seek(tp, from);
                LastChunk best = null;
                long position = from;
                while (position < to) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        position = consumer.position(tp);
                        if (position >= to) {
                            break;
                        }
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.offset() >= to) {
                            break;
                        }
                        if (Arrays.equals(r.key(), key) && r.value() != null) {
                            AudioChunk c = values.deserialize(r.topic(), r.value());
                            long start = c.getStartTime().getEpochSecond() * 1_000_000L + c.getStartTime().getNano() / 1000;
                            if (best == null || c.getSequenceNumber() > best.sequenceNumber) {
                                best = new LastChunk(c.getSequenceNumber(), start);
                            }
                        }
                    }
                    position = consumer.position(tp);
                }
                if (best != null) {
                    return Optional.of(best);
                }
            }
            return Optional.empty();
        }
    }
}
