package io.chorus.stream.review;

import static io.chorus.stream.alerts.RaiseAlertsTest.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.inference.ScoredWindow;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Review sampling in Flink's keyed operator harness: the band, rare positives, per-recorder budgets. */
class SampleForReviewTest {

    KeyedOneInputStreamOperatorTestHarness<String, ScoredWindow, ReviewSample> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SampleForReview(new ReviewSettings(0.4f, 0.6f, 2, 3)), w -> w.window.recorderId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    void send(ScoredWindow w) throws Exception {
        harness.processElement(w, w.window.startMicros / 1000);
    }

    List<ReviewSample> samples() {
        return harness.extractOutputValues();
    }

    @Test
    void picksWindowsWhoseBestScoreIsInsideTheBand() throws Exception {
        send(scored("a", 0, 0.39f, 0.1f, 0.1f)); // below
        send(scored("a", 1, 0.6f, 0.1f, 0.1f)); // at the (exclusive) top
        send(scored("a", 2, 0.1f, 0.45f, 0.1f)); // inside
        assertThat(samples()).hasSize(1);
        ReviewSample r = samples().get(0);
        assertThat(r.reason).isEqualTo("UNCERTAIN");
        assertThat(r.reasonDetail).contains("PHYCUV 0.450").contains("[0.400, 0.600)");
        assertThat(r.requestId).isEqualTo("review/" + r.scored.window.windowId);
        assertThat(r.scored.window.frameCount()).isEqualTo(3000);
    }

    @Test
    void rarePositivesComeFirstAndHaveTheirOwnBudget() throws Exception {
        send(scored("a", 0, 0.5f, 0.1f, 0.9f)); // uncertain AND rare positive: rare wins
        assertThat(samples()).extracting(s -> s.reason).containsExactly("RARE_SPECIES");
        assertThat(samples().get(0).reasonDetail).contains("DENNAH");
        send(scored("a", 1, 0.1f, 0.1f, 0.7f)); // rare below its 0.8 threshold: not a positive, not uncertain
        assertThat(samples()).hasSize(1);
    }

    @Test
    void limitsRequestsPerRecorderPerHourOfEventTime() throws Exception {
        for (int s = 0; s < 10; s++) {
            send(scored("a", s, 0.5f, 0, 0));
            send(scored("b", s, 0.5f, 0, 0));
        }
        assertThat(samples()).extracting(r -> r.scored.window.recorderId).containsExactly("a", "b", "a", "b");
        send(scored("a", 3601, 0.5f, 0, 0)); // the first request has left the hour
        assertThat(samples()).hasSize(5);
    }
}
