package io.chorus.console.queue;

import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesScore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A pending review request as the queue lists it (no audio).
 *
 * @param where     whose window it is
 * @param verdict   what the model said about it
 * @param claimedBy the reviewer who holds it open now, or null
 */
public record QueueItem(String requestId, Where where, ReviewReason reason, String reasonDetail, Verdict verdict, Instant requestedAt,
                        String claimedBy) {

    public record Where(String recorderId, String siteId, Instant windowStart) {
    }

    /**
     * @param uncertainty 1 when some species scored exactly 0.5, 0 when every score is 0 or 1
     * @param topScores   the model's scores, highest first
     */
    public record Verdict(int modelVersion, double uncertainty, List<SpeciesScore> topScores, List<String> detectedSpecies) {
    }

    /** Rare-species requests first, then the most uncertain, then the oldest. */
    public static final Comparator<QueueItem> ORDER = Comparator
            .comparing((QueueItem i) -> i.reason() != ReviewReason.RARE_SPECIES)
            .thenComparing(Comparator.comparingDouble((QueueItem i) -> i.uncertainty()).reversed())
            .thenComparing(QueueItem::requestedAt)
            .thenComparing(QueueItem::requestId);

    public static QueueItem of(ReviewRequest r, String claimedBy) {
        List<SpeciesScore> sorted = r.getScores().stream()
                .sorted(Comparator.comparingDouble(SpeciesScore::getScore).reversed()).toList();
        return new QueueItem(r.getRequestId(), new Where(r.getRecorderId(), r.getSiteId(), r.getWindowStart()), r.getReason(),
                r.getReasonDetail(), new Verdict(r.getModelVersion(), uncertainty(r.getScores()), sorted, List.copyOf(r.getDetectedSpecies())),
                r.getRequestedAt(), claimedBy);
    }

    /** How close the least decided species came to the 0.5 boundary: 1 − 2·min |score − 0.5|. */
    public static double uncertainty(List<SpeciesScore> scores) {
        double closest = 0.5;
        for (SpeciesScore s : scores) {
            closest = Math.min(closest, Math.abs(s.getScore() - 0.5));
        }
        return 1 - 2 * closest;
    }

    public String recorderId() {
        return where.recorderId();
    }

    public String siteId() {
        return where.siteId();
    }

    public Instant windowStart() {
        return where.windowStart();
    }

    public int modelVersion() {
        return verdict.modelVersion();
    }

    public double uncertainty() {
        return verdict.uncertainty();
    }

    public List<SpeciesScore> topScores() {
        return verdict.topScores();
    }

    public List<String> detectedSpecies() {
        return verdict.detectedSpecies();
    }
}
