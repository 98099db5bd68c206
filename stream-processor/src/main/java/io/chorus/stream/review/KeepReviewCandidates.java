package io.chorus.stream.review;

import io.chorus.stream.inference.ScoredWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * In the scoring task, before the keyBy to {@link SampleForReview}: passes only windows that have a
 * {@link ReviewCandidate reason} to be reviewed. Why: every window that crosses that keyBy is
 * serialized with its audio (~130 KB for 3 s of 16-bit 22,050 Hz); the sampler ignores the others
 * anyway, so only candidates need to travel. Counts both, so the share is visible in /metrics.
 */
public class KeepReviewCandidates extends RichFilterFunction<ScoredWindow> {

    private static final long serialVersionUID = 1L;

    private final ReviewSettings settings;
    private transient Counter candidates;
    private transient Counter notCandidates;

    public KeepReviewCandidates(ReviewSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        candidates = getRuntimeContext().getMetricGroup().counter("reviewCandidates");
        notCandidates = getRuntimeContext().getMetricGroup().counter("reviewNotCandidates");
    }

    @Override
    public boolean filter(ScoredWindow w) {
        boolean keep = ReviewCandidate.of(w, settings) != null;
        (keep ? candidates : notCandidates).inc();
        return keep;
    }
}
