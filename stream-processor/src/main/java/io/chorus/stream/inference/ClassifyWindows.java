package io.chorus.stream.inference;

import io.chorus.stream.windows.AudioWindow;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Hands windows to the job's {@link InferenceService} in this task manager (from {@link ServingModels})
 * and completes with the scores.
 * Flink's async operator bounds how many windows each instance has in flight and checkpoints
 * them, so a restart re-scores exactly the windows not yet emitted. A failed or timed-out
 * window comes back as a {@link ScoredWindow} with {@code error} set, never as a job failure.
 */
public class ClassifyWindows extends RichAsyncFunction<AudioWindow, ScoredWindow> {

    private static final long serialVersionUID = 1L;

    private final ServingModels models;
    private transient InferenceService service;

    /** @param models where {@code TrackModelReleases} installs the model this function scores with */
    public ClassifyWindows(ServingModels models) {
        this.models = models;
    }

    @Override
    public void open(OpenContext context) {
        service = models.acquire(getRuntimeContext());
        InferenceService s = service;
        // Share of log-mel frames computed rather than reused from a recorder's earlier windows (~0.35 at hop 128).
        getRuntimeContext().getMetricGroup().gauge("logMelFramesComputedShare", (org.apache.flink.metrics.Gauge<Double>) s::framesComputedShare);
    }

    @Override
    public void asyncInvoke(AudioWindow window, ResultFuture<ScoredWindow> result) throws Exception {
        service.submit(window).whenComplete((scored, error) -> result.complete(List.of(
                error == null ? scored : failed(window, "inference failed: " + rootMessage(error)))));
    }

    @Override
    public void timeout(AudioWindow window, ResultFuture<ScoredWindow> result) {
        result.complete(List.of(failed(window, "inference did not answer in time")));
    }

    @Override
    public void close() {
        if (service != null) {
            ServingModels.release(service);
            service = null;
        }
    }

    static ScoredWindow failed(AudioWindow window, String error) {
        ScoredWindow s = new ScoredWindow();
        s.window = window;
        s.error = error;
        s.processedAtMillis = System.currentTimeMillis();
        return s;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
