package io.chorus.console.queue;

import io.chorus.console.state.ConsoleState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pending review requests: those without an annotation (in the store, or written by this
 * console a moment ago and not yet read back), in {@link QueueItem#ORDER}, narrowed by a filter,
 * each marked with who holds it open.
 */
public final class ReviewQueue {

    /**
     * A page of the queue.
     *
     * @param pending pending requests the filter accepts
     * @param total   pending requests, whatever the filter (the progress line's queue size)
     */
    public record Page(List<QueueItem> items, int pending, int total) {
    }

    private final ConsoleState state;
    private final Claims claims;
    private final Set<String> answeredHere;

    /** @param answeredHere ids this console has just written answers for (the store catches up at the next commit) */
    public ReviewQueue(ConsoleState state, Claims claims, Set<String> answeredHere) {
        this.state = state;
        this.claims = claims;
        this.answeredHere = answeredHere;
    }

    public Page page(QueueFilter filter, int limit) {
        Set<String> answered = new HashSet<>(answeredHere);
        state.eachAnswer(a -> answered.add(a.getRequestId()));
        List<QueueItem> pending = new ArrayList<>();
        int[] total = {0};
        state.eachRequest(r -> {
            if (!answered.contains(r.getRequestId())) {
                total[0]++;
                QueueItem item = QueueItem.of(r, claims.holder(r.getRequestId()).map(Claims.Claim::reviewer).orElse(null));
                if (filter.accepts(item)) {
                    pending.add(item);
                }
            }
        });
        pending.sort(QueueItem.ORDER);
        return new Page(List.copyOf(pending.subList(0, Math.min(limit, pending.size()))), pending.size(), total[0]);
    }

    /** The first pending request this reviewer may open (not held by another), if any. */
    public java.util.Optional<QueueItem> next(String reviewer, QueueFilter filter) {
        return next(reviewer, filter, null);
    }

    /** As {@link #next(String, QueueFilter)}, passing over the request the reviewer just skipped (null: none). */
    public java.util.Optional<QueueItem> next(String reviewer, QueueFilter filter, String skipped) {
        return page(filter, Integer.MAX_VALUE).items().stream()
                .filter(i -> i.claimedBy() == null || i.claimedBy().equals(reviewer))
                .filter(i -> !i.requestId().equals(skipped)).findFirst();
    }
}
