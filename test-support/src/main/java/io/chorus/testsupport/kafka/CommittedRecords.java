package io.chorus.testsupport.kafka;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.TopicReads;
import io.chorus.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A topic's values as a downstream consumer sees them: read_committed (what transactions
 * committed) unless a test asks for read_uncommitted, from the beginning, all partitions.
 */
public final class CommittedRecords {

    /** How long a wait for records goes on reading after the expected count, so a duplicate shows up too. */
    public static final Duration DUPLICATE_GRACE = Duration.ofSeconds(2);

    private CommittedRecords() {
    }

    /** Every committed value of a topic as it stands now. */
    public static <V extends SpecificRecord> List<V> readAll(KafkaClientSettings kafka, TopicSpec<String, V> topic) {
        return readAll(kafka, topic, true);
    }

    /**
     * Every value as it stands now; {@code committedOnly} false reads as read_uncommitted does
     * (records of open and aborted transactions too).
     */
    public static <V extends SpecificRecord> List<V> readAll(KafkaClientSettings kafka, TopicSpec<String, V> topic, boolean committedOnly) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = consumer(kafka, topic, committedOnly)) {
            TopicReads.fromBeginningToEnd(c, topic.name(), r -> out.add(r.value()));
        }
        return out;
    }

    /**
     * Reads committed values matching {@code wanted} until {@code count} of them are there or
     * {@code timeout} passes, then {@link #DUPLICATE_GRACE} longer; returns every match (more than
     * {@code count} when something was written twice, fewer when it never came: the caller asserts).
     * A miss prints the topic's committed and written ends, which tells an open transaction from
     * nothing written at all.
     */
    public static <V extends SpecificRecord> List<V> await(KafkaClientSettings kafka, TopicSpec<String, V> topic, Predicate<V> wanted,
                                                           int count, Duration timeout) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = consumer(kafka, topic, true)) {
            List<TopicPartition> parts = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            pollInto(c, wanted, out, count, timeout);
            if (out.size() < count) {
                System.out.println("CommittedRecords.await(" + topic.name() + "): " + out.size() + " of " + count + " within " + timeout
                        + "; " + offsetsReport(kafka, topic));
            }
            pollInto(c, wanted, out, Integer.MAX_VALUE, DUPLICATE_GRACE);
        }
        return out;
    }

    /**
     * The topic's committed values as they stand, read again every 200 ms until {@code enough}
     * holds for them or {@code wait} passes; returns the last read (the caller asserts on it).
     */
    public static <V extends SpecificRecord> List<V> readUntil(KafkaClientSettings kafka, TopicSpec<String, V> topic,
                                                               Predicate<List<V>> enough, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<V> out = readAll(kafka, topic);
            if (enough.test(out) || System.nanoTime() > deadline) {
                return out;
            }
            Thread.sleep(200);
        }
    }

    /** At least {@code n} records from a consumer the test set up (any value type), or fewer when {@code timeout} passes first. */
    public static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int n, Duration timeout) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    /** End offset of partition 0 as a reader of the given isolation sees it (read_uncommitted counts open transactions' records). */
    public static long endOffset(KafkaClientSettings kafka, TopicSpec<String, ?> topic, boolean committedOnly) {
        Map<String, Object> config = kafka.consumer(null, topic);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic.name(), 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    /** Each partition's committed end (last stable offset) and written end, e.g. {@code p0 committed 12 / written 15}. */
    public static String offsetsReport(KafkaClientSettings kafka, TopicSpec<String, ?> topic) {
        Map<String, Object> committed = kafka.consumer(null, topic);
        Map<String, Object> uncommitted = kafka.consumer(null, topic);
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(committed, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaConsumer<byte[], byte[]> u = new KafkaConsumer<>(uncommitted, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> stable = c.endOffsets(parts);
            Map<TopicPartition, Long> written = u.endOffsets(parts);
            List<String> each = new ArrayList<>();
            for (TopicPartition tp : parts) {
                each.add("p" + tp.partition() + " committed " + stable.get(tp) + " / written " + written.get(tp));
            }
            return String.join(", ", each);
        }
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> consumer(KafkaClientSettings kafka, TopicSpec<String, V> topic,
                                                                                boolean committedOnly) {
        Map<String, Object> config = kafka.consumer(null, topic);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        return new KafkaConsumer<>(config, new StringDeserializer(), kafka.valueDeserializer(topic));
    }

    private static <V> void pollInto(KafkaConsumer<String, V> c, Predicate<V> wanted, List<V> out, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(200))) {
                if (wanted.test(r.value())) {
                    out.add(r.value());
                }
            }
        }
    }
}
