package io.chorus.notifier.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which alert offsets may be committed: an alert is done when every subscription it matched has
 * delivered it, held it back or dead-lettered it; a partition's commit point is its first alert
 * not yet done. So a restart re-delivers what was in flight and never skips an alert.
 */
public final class CommitTracker {

    private final Map<TopicPartition, TreeMap<Long, Integer>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /** An alert read, awaiting {@code deliveries} completions (0: done at once). */
    public synchronized void add(TopicPartition tp, long offset, int deliveries) {
        next.put(tp, offset + 1);
        if (deliveries > 0) {
            pending.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, deliveries);
        }
    }

    /** One of the alert's deliveries is finished. */
    public synchronized void done(TopicPartition tp, long offset) {
        TreeMap<Long, Integer> p = pending.get(tp);
        if (p != null) {
            p.computeIfPresent(offset, (o, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** The offsets to commit now (the first not-done alert of each partition read). */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, n) -> {
            TreeMap<Long, Integer> p = pending.get(tp);
            long at = p == null || p.isEmpty() ? n : p.firstKey();
            out.put(tp, new OffsetAndMetadata(at));
        });
        return out;
    }

    /** Alerts read but not yet done. */
    public synchronized int inFlight() {
        return pending.values().stream().mapToInt(TreeMap::size).sum();
    }
}
