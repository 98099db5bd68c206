package io.chorus.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.windows.AudioWindow;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Scored windows go on to the sinks; windows that could not be scored go to the DLQ with the window and the cause. */
class RouteScoredWindowsTest {

    static ScoredWindow scored(String recorder, long second, String error) {
        AudioWindow w = new AudioWindow();
        w.recorderId = recorder;
        w.startMicros = second * 1_000_000L;
        w.endMicros = w.startMicros + 3_000_000L;
        w.windowId = AudioWindow.idOf(recorder, w.startMicros);
        ScoredWindow s = error == null ? new ScoredWindow() : ClassifyWindows.failed(w, error);
        s.window = w;
        if (error == null) {
            s.scores = new float[] {0.9f};
            s.thresholds = new float[] {0.5f};
            s.batchSize = 4;
            s.inferenceNanos = 40_000_000;
            s.modelVersion = 3;
            s.device = "cpu()";
            s.processedAtMillis = w.endMillis() + 250;
        }
        return s;
    }

    @Test
    void failedWindowsAreDeadLetteredAndTheRestPassUnchanged() throws Exception {
        try (OneInputStreamOperatorTestHarness<ScoredWindow, ScoredWindow> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new RouteScoredWindows(1.0))) {
            ScoredWindow ok = scored("rec-1", 10, null);
            h.processElement(ok, 1);
            h.processElement(scored("rec-2", 11, "inference did not answer in time"), 2);
            h.processElement(scored("rec-1", 11, null), 3);

            assertThat(h.extractOutputValues()).extracting(s -> s.window.windowId)
                    .containsExactly("rec-1/10000000", "rec-1/11000000");
            assertThat(h.extractOutputValues().get(0)).usingRecursiveComparison().isEqualTo(ok);
            List<Rejection> dead = h.getSideOutput(RouteScoredWindows.REJECTED).stream().map(StreamRecord::getValue).toList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).reasonCode).isEqualTo(ReasonCodes.INFERENCE_FAILED);
            assertThat(dead.get(0).recorderId).isEqualTo("rec-2");
            assertThat(dead.get(0).stage).isEqualTo(RouteScoredWindows.STAGE);
            assertThat(dead.get(0).reason).contains("rec-2/11000000").contains("did not answer in time");
        }
    }
}
