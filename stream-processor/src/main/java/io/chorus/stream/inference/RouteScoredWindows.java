package io.chorus.stream.inference;

import io.chorus.schemas.topics.Topics;
import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes scored windows on and sends windows that could not be scored to the DLQ; records the
 * inference metrics on the task thread: windows out, batch size, inference time per batch,
 * latency from the end of a window to its scores, the model version serving and the real-time
 * factor (inference time over the audio it covered; below 1 the job keeps up).
 */
public class RouteScoredWindows extends ProcessFunction<ScoredWindow, ScoredWindow> {

    private static final long serialVersionUID = 1L;
    public static final String STAGE = "stream-processor/inference";
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("unscored-windows") {
    };

    private final double hopSeconds;
    private transient Counter windowsScored;
    private transient Counter windowsFailed;
    private transient Histogram batchSize;
    private transient Histogram batchMillis;
    private transient Histogram windowToScoreMillis;
    private transient Histogram publishToScoreMillis;
    private transient volatile int modelVersion;
    private transient volatile double realTimeFactor;
    private transient double inferenceSeconds;
    private transient double audioSeconds;
    private transient MetricGroup metrics;
    private transient String device;

    /** @param hopSeconds audio each window adds to a stream, for the real-time factor */
    public RouteScoredWindows(double hopSeconds) {
        this.hopSeconds = hopSeconds;
    }

    @Override
    public void open(OpenContext context) {
        metrics = getRuntimeContext().getMetricGroup();
        windowsScored = metrics.counter("windowsScored");
        windowsFailed = metrics.counter("windowsFailed");
        batchSize = metrics.histogram("inferenceBatchSize", new DescriptiveStatisticsHistogram(1000));
        batchMillis = metrics.histogram("inferenceBatchMillis", new DescriptiveStatisticsHistogram(1000));
        windowToScoreMillis = metrics.histogram("windowEndToScoreMillis", new DescriptiveStatisticsHistogram(1000));
        publishToScoreMillis = metrics.histogram("publishToScoreMillis", new DescriptiveStatisticsHistogram(1000));
        metrics.gauge("modelVersion", () -> modelVersion);
        metrics.gauge("inferenceRealTimeFactor", () -> realTimeFactor);
    }

    @Override
    public void processElement(ScoredWindow s, Context ctx, Collector<ScoredWindow> out) {
        if (s.error != null) {
            windowsFailed.inc();
            ctx.output(REJECTED, Rejection.of(Topics.AUDIO_CHUNKS.name(), STAGE, ReasonCodes.INFERENCE_FAILED, "window " + s.window.windowId
                    + ": " + s.error).forRecorder(s.window.recorderId));
            return;
        }
        windowsScored.inc();
        batchSize.update(s.batchSize);
        batchMillis.update(s.inferenceNanos / 1_000_000);
        windowToScoreMillis.update(s.processedAtMillis - s.window.endMillis());
        if (s.window.lastChunkPublishedAtMillis > 0) {
            publishToScoreMillis.update(s.processedAtMillis - s.window.lastChunkPublishedAtMillis);
        }
        modelVersion = s.modelVersion;
        inferenceSeconds += s.inferenceNanos / 1e9 / s.batchSize;
        audioSeconds += hopSeconds;
        realTimeFactor = inferenceSeconds / audioSeconds;
        if (device == null) {
            device = s.device;
            // The device is a label: chorus_..._inferenceDevice{device="cpu()"} 1
            metrics.addGroup("device", device).gauge("inferenceDevice", () -> 1);
        }
        out.collect(s);
    }
}
