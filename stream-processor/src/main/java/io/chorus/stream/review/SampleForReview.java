package io.chorus.stream.review;

import io.chorus.stream.inference.ScoredWindow;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by recorder: picks windows for experts. A detected rare or priority species comes first
 * (so the rare group gets labels where the model is weakest); otherwise a window whose best score
 * lies in the uncertainty band ({@link ReviewCandidate}). Each reason has its own hourly budget per
 * recorder, counted in event time so a replay picks the same windows; over budget, the window is
 * skipped and counted. The job puts {@link KeepReviewCandidates} in front of it, so that only
 * candidates carry their audio across the keyBy; the rule is applied here too, so the function
 * stands on its own.
 */
public class SampleForReview extends KeyedProcessFunction<String, ScoredWindow, ReviewSample> {

    private static final long serialVersionUID = 1L;
    private static final long HOUR_MICROS = 3_600_000_000L;

    private final ReviewSettings settings;
    private transient ValueState<long[]> rareTimes;
    private transient ValueState<long[]> uncertainTimes;
    private transient Counter requested;
    private transient Counter overBudget;

    public SampleForReview(ReviewSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        rareTimes = getRuntimeContext().getState(new ValueStateDescriptor<>("rare-requests", TypeInformation.of(long[].class)));
        uncertainTimes = getRuntimeContext().getState(new ValueStateDescriptor<>("uncertain-requests",
                TypeInformation.of(long[].class)));
        requested = getRuntimeContext().getMetricGroup().counter("reviewRequests");
        overBudget = getRuntimeContext().getMetricGroup().counter("reviewCandidatesOverBudget");
    }

    @Override
    public void processElement(ScoredWindow w, Context ctx, Collector<ReviewSample> out) throws Exception {
        ReviewCandidate candidate = ReviewCandidate.of(w, settings);
        if (candidate == null) {
            return;
        }
        long t = w.window.startMicros;
        int label = candidate.label();
        boolean rare = candidate.reason() == ReviewCandidate.Reason.RARE_SPECIES;
        String detail = rare
                ? w.labels[label] + " (rare/priority) scored " + fmt(w.scores[label]) + " >= threshold " + fmt(w.thresholds[label])
                : "best score " + w.labels[label] + " " + fmt(w.scores[label]) + " is inside the uncertainty band ["
                        + fmt(settings.uncertainLow()) + ", " + fmt(settings.uncertainHigh()) + ")";
        if (take(rare ? rareTimes : uncertainTimes, t, rare ? settings.rarePerHour() : settings.uncertainPerHour())) {
            out.collect(sample(w, candidate.reason().name(), detail));
        } else {
            overBudget.inc();
        }
    }

    /** Sliding one-hour budget over request times. */
    private static boolean take(ValueState<long[]> times, long now, int perHour) throws Exception {
        long[] recent = times.value();
        recent = recent == null ? new long[0] : Arrays.stream(recent).filter(x -> x > now - HOUR_MICROS).toArray();
        if (recent.length >= perHour) {
            times.update(recent);
            return false;
        }
        long[] next = Arrays.copyOf(recent, recent.length + 1);
        next[recent.length] = now;
        times.update(next);
        return true;
    }

    private ReviewSample sample(ScoredWindow w, String reason, String detail) {
        requested.inc();
        ReviewSample s = new ReviewSample();
        s.requestId = "review/" + w.window.windowId;
        s.scored = w;
        s.reason = reason;
        s.reasonDetail = "window " + w.window.windowId + ": " + detail;
        s.requestedAtMillis = System.currentTimeMillis();
        return s;
    }

    private static String fmt(float v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
