package io.chorus.console.export;

import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.KeyPartition;
import io.chorus.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the detections of one recorder (its key's partition only) or one site (every partition)
 * whose windows start in [from, to), as a read_committed consumer without a group. Each
 * partition is sought with {@code offsetsForTimes(from)} — a record's timestamp is never before
 * its window's start — and read up to its end as it was when the export began. There is no
 * early stop on timestamps: a replayed or late-written detection is stamped long after its
 * window, so only the end offset bounds the read.
 */
public final class DetectionRangeReader {

    /** Which detections: one recorder's, or one site's. */
    public record Subject(String recorderId, String siteId) {
        public Subject {
            if ((recorderId == null) == (siteId == null)) {
                throw new IllegalArgumentException("export one recorder or one site: give exactly one of recorder and site");
            }
        }

        public String name() {
            return recorderId != null ? recorderId : siteId;
        }

        boolean accepts(Detection d) {
            return recorderId != null ? recorderId.equals(d.getRecorderId()) : siteId.equals(d.getSiteId());
        }
    }

    /** Receives detections in partition order. */
    public interface Sink {
        void accept(Detection d) throws java.io.IOException;
    }

    private final KafkaClientSettings kafka;

    public DetectionRangeReader(KafkaClientSettings kafka) {
        this.kafka = kafka;
    }

    /** @return how many detections were handed to the sink */
    public long read(Subject subject, Instant from, Instant to, Sink sink) throws java.io.IOException {
        try (KafkaConsumer<String, Detection> consumer = new KafkaConsumer<>(kafka.consumer(null, Topics.DETECTIONS),
                new StringDeserializer(), kafka.valueDeserializer(Topics.DETECTIONS))) {
            List<TopicPartition> partitions = partitions(consumer, subject);
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                if (start != null && start.offset() < ends.get(p)) {
                    consumer.seek(p, start.offset());
                    open.add(p);
                }
            }
            consumer.assign(open);
            long handed = 0;
            while (!open.isEmpty()) {
                for (ConsumerRecord<String, Detection> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    if (!open.contains(p)) {
                        continue;
                    }
                    if (r.offset() >= ends.get(p) - 1) {
                        open.remove(p);
                        consumer.pause(List.of(p));
                    }
                    Detection d = r.value();
                    if (r.offset() < ends.get(p) && d != null && subject.accepts(d) && !d.getWindowStart().isBefore(from)
                            && d.getWindowStart().isBefore(to)) {
                        sink.accept(d);
                        handed++;
                    }
                }
                // Transaction markers can sit at the end: a partition whose position passed its end is done.
                for (TopicPartition p : new ArrayList<>(open)) {
                    if (consumer.position(p) >= ends.get(p)) {
                        open.remove(p);
                    }
                }
            }
            return handed;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, Detection> consumer, Subject subject) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.DETECTIONS.name(), Duration.ofSeconds(30));
        if (subject.recorderId() != null) {
            return List.of(new TopicPartition(Topics.DETECTIONS.name(), KeyPartition.of(subject.recorderId(), infos.size())));
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }
}
