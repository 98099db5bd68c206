package io.chorus.it.e2e;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Why a topic shows nothing new to a {@code read_committed} reader: its committed end against its
 * log end per partition, and the transactions still open (with their age), so a stalled wait says
 * whether records were written but held back, or never written.
 */
final class StallReport {

    private StallReport() {
    }

    static String of(KafkaClientSettings kafka, TopicSpec<?, ?> topic) {
        StringBuilder out = new StringBuilder(topic.name()).append(" committed end / log end:");
        try (KafkaConsumer<byte[], byte[]> committed = consumer(kafka, "read_committed");
             KafkaConsumer<byte[], byte[]> all = consumer(kafka, "read_uncommitted")) {
            List<TopicPartition> parts = committed.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> stable = committed.endOffsets(parts);
            Map<TopicPartition, Long> logEnd = all.endOffsets(parts);
            for (TopicPartition p : parts) {
                out.append(' ').append(p.partition()).append('=').append(stable.get(p)).append('/').append(logEnd.get(p));
            }
        } catch (RuntimeException e) {
            out.append(" unknown (").append(e).append(')');
        }
        out.append("; open transactions:");
        try (Admin admin = Admin.create(kafka.admin())) {
            List<String> open = admin.listTransactions(new ListTransactionsOptions().filterStates(Set.of(TransactionState.ONGOING,
                    TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT))).all().get(10, TimeUnit.SECONDS)
                    .stream().map(TransactionListing::transactionalId).toList();
            Map<String, TransactionDescription> described = open.isEmpty() ? Map.of()
                    : new TreeMap<>(admin.describeTransactions(open).all().get(10, TimeUnit.SECONDS));
            long now = System.currentTimeMillis();
            described.forEach((id, d) -> {
                if (d.topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic.name()))) {
                    out.append(' ').append(id).append(' ').append(d.state()).append(" for ")
                            .append(d.transactionStartTimeMs().isPresent()
                                    ? Duration.ofMillis(now - d.transactionStartTimeMs().getAsLong()).toSeconds() + " s" : "?");
                }
            });
            if (described.values().stream().noneMatch(d -> d.topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic.name())))) {
                out.append(" none on this topic (").append(open.size()).append(" elsewhere)");
            }
        } catch (Exception e) {
            out.append(" unknown (").append(e).append(')');
        }
        return out.toString();
    }

    /** Every thread's stack, for the test's output file. */
    static String threadDump() {
        StringBuilder out = new StringBuilder("thread dump at the stall:\n");
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                out.append(" on ").append(t.getLockName());
            }
            out.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("    at ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaClientSettings kafka, String isolation) {
        Map<String, Object> props = new java.util.HashMap<>(kafka.admin());
        props.put("isolation.level", isolation);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
