package io.chorus.schemas.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reading a whole topic as it stands now: a snapshot for a training round, the releases of a model line. */
public final class TopicReads {

    private TopicReads() {
    }

    /**
     * Assigns every partition of {@code topic}, reads from the beginning up to the end offsets
     * taken at the start (records arriving later are left for the next read) and hands each record
     * to {@code each}.
     *
     * @return the end offsets read to, per partition
     */
    public static <K, V> Map<TopicPartition, Long> fromBeginningToEnd(KafkaConsumer<K, V> consumer, String topic,
                                                                      Consumer<ConsumerRecord<K, V>> each) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r);
                }
            }
        }
        return ends;
    }
}
