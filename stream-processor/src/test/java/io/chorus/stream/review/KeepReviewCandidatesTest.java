package io.chorus.stream.review;

import static io.chorus.stream.alerts.RaiseAlertsTest.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.inference.ScoredWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.StreamFilter;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The filter in front of review sampling's keyBy, in Flink's operator harness: it passes exactly
 * the candidates, and sampling behind it picks the same windows as sampling alone.
 */
class KeepReviewCandidatesTest {

    static final ReviewSettings SETTINGS = new ReviewSettings(0.4f, 0.6f, 2, 3);

    static List<ScoredWindow> passed(List<ScoredWindow> windows) throws Exception {
        try (OneInputStreamOperatorTestHarness<ScoredWindow, ScoredWindow> h =
                     new OneInputStreamOperatorTestHarness<>(new StreamFilter<>(new KeepReviewCandidates(SETTINGS)))) {
            h.open();
            for (ScoredWindow w : windows) {
                h.processElement(w, w.window.startMicros / 1000);
            }
            return new ArrayList<>(h.extractOutputValues());
        }
    }

    static List<String> sampledIds(List<ScoredWindow> windows) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ScoredWindow, ReviewSample> h = ProcessFunctionTestHarnesses
                .forKeyedProcessFunction(new SampleForReview(SETTINGS), w -> w.window.recorderId, Types.STRING)) {
            for (ScoredWindow w : windows) {
                h.processElement(w, w.window.startMicros / 1000);
            }
            return h.extractOutputValues().stream().map(s -> s.requestId + " " + s.reason).toList();
        }
    }

    @Test
    void passesRarePositivesAndUncertainWindowsOnly() throws Exception {
        List<ScoredWindow> windows = List.of(
                scored("a", 0, 0.1f, 0.2f, 0.9f),   // rare positive (DENNAH >= 0.8)
                scored("a", 1, 0.45f, 0.1f, 0.1f),  // uncertain
                scored("a", 2, 0.39f, 0.1f, 0.1f),  // below the band
                scored("a", 3, 0.9f, 0.1f, 0.1f),   // a confident common positive: not for review
                scored("a", 4, 0.1f, 0.1f, 0.7f),   // rare below its threshold, best score above the band
                scored("a", 5, 0.6f, 0.1f, 0.1f));  // at the band's (exclusive) top
        assertThat(passed(windows)).extracting(w -> w.window.startMicros)
                .containsExactly(windows.get(0).window.startMicros, windows.get(1).window.startMicros);
    }

    @Test
    void samplingBehindTheFilterPicksWhatSamplingAlonePicks() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            Random rng = new Random(seed);
            List<ScoredWindow> windows = new ArrayList<>();
            for (int s = 0; s < 400; s++) {
                for (String recorder : List.of("a", "b", "c")) {
                    windows.add(scored(recorder, s * 60L, rng.nextFloat(), rng.nextFloat() * 0.7f, rng.nextFloat()));
                }
            }
            List<String> alone = sampledIds(windows);
            assertThat(alone).as("seed %d samples something for both reasons", seed)
                    .anyMatch(x -> x.endsWith("RARE_SPECIES")).anyMatch(x -> x.endsWith("UNCERTAIN"));
            List<ScoredWindow> candidates = passed(windows);
            assertThat(candidates.size()).as("seed %d: the filter removes windows", seed).isLessThan(windows.size());
            assertThat(sampledIds(candidates)).as("seed %d", seed).isEqualTo(alone);
        }
    }
}
