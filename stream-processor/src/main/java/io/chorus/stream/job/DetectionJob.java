package io.chorus.stream.job;

import io.chorus.stream.alerts.Alert;
import io.chorus.stream.alerts.RaiseAlerts;
import io.chorus.stream.chunks.Chunk;
import io.chorus.stream.chunks.ChunkInput;
import io.chorus.stream.chunks.ChunkWatermarks;
import io.chorus.stream.chunks.ValidateChunks;
import io.chorus.stream.deadletter.CountRejections;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.inference.ClassifyWindows;
import io.chorus.stream.inference.RouteScoredWindows;
import io.chorus.stream.inference.ScoredWindow;
import io.chorus.stream.inference.ServingModels;
import io.chorus.stream.models.ReleaseInput;
import io.chorus.stream.models.TrackModelReleases;
import io.chorus.stream.review.KeepReviewCandidates;
import io.chorus.stream.review.ReviewSample;
import io.chorus.stream.review.SampleForReview;
import io.chorus.stream.windows.AssembleWindows;
import io.chorus.stream.windows.AudioWindow;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job's wiring, and only its wiring: sources → functions → sinks. Sources and sinks
 * are parameters, so tests and the local run plug in what they need (Kafka everywhere today).
 *
 * <pre>
 * audio.chunks → validate → keyBy recorder → assemble windows ─┐
 * models ─────────────────────────── broadcast ────────────────┴→ track releases → classify (async, batched)
 *   → detections;  (audio dropped) keyBy site → alerts;  review candidates only: keyBy recorder → review requests;
 *   every rejection → DLQ
 * </pre>
 *
 * <p>Alerts, keyed by site, get the verdicts without the window's audio. Review sampling receives
 * whole windows over a keyBy, but only review candidates (a rare positive or a best score in the
 * uncertainty band: few windows of a trained model). Running the sampler in the scoring task through
 * {@code reinterpretAsKeyedStream} sampled nothing in about half of DetectionJobTest's runs
 * (docs/BENCHMARKS.md §3b), so it waits for a diagnosis.
 */
public final class DetectionJob {

    public record Sources(Source<ChunkInput, ?, ?> chunks, Source<ReleaseInput, ?, ?> models) {
    }

    public record Sinks(Sink<ScoredWindow> detections, Sink<Alert> alerts, Sink<ReviewSample> reviewRequests,
                        Sink<Rejection> deadLetters) {
    }

    private DetectionJob() {
    }

    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, DetectionJobSettings s) {
        SingleOutputStreamOperator<Chunk> chunks = env
                .fromSource(sources.chunks(), ChunkWatermarks.strategy(s.input().outOfOrderness(), s.input().idleness(), s.input().chunkLimits()),
                        "audio.chunks")
                .uid("audio-chunks-source")
                .process(new ValidateChunks(s.input().chunkLimits())).uid("validate-chunks").name("validate chunks");

        SingleOutputStreamOperator<AudioWindow> windows = chunks
                .keyBy(c -> c.recorderId)
                .process(new AssembleWindows(s.windows())).uid("assemble-windows").name("assemble windows");

        DataStream<ReleaseInput> releases = env
                .fromSource(sources.models(), WatermarkStrategy.noWatermarks(), "models").uid("models-source");

        // Releases are installed by one function and scored with by the other: they meet in the job's ServingModels.
        ServingModels models = new ServingModels(s.scoring().inference(), s.scoring().decisions());
        SingleOutputStreamOperator<AudioWindow> ready = windows
                .connect(releases.broadcast(TrackModelReleases.SERVING))
                .process(new TrackModelReleases(s.modelName(), s.scoring().maxWaitingWindows(), models))
                .uid("track-model-releases").name("track model releases");

        SingleOutputStreamOperator<ScoredWindow> scored = AsyncDataStream
                .unorderedWait(ready, new ClassifyWindows(models),
                        s.scoring().inferenceTimeout().toMillis(), TimeUnit.MILLISECONDS, s.scoring().inFlightPerInstance())
                .uid("classify-windows").name("classify windows")
                .process(new RouteScoredWindows(s.windows().hopSeconds())).uid("route-scored").name("route scored windows");

        scored.sinkTo(sinks.detections()).uid("detections-sink").name("detections");

        scored.map(ScoredWindow::withoutAudio).returns(ScoredWindow.class).uid("drop-audio-for-alerts").name("drop audio")
                .keyBy(w -> w.window.siteId)
                .process(new RaiseAlerts(s.alerts())).uid("raise-alerts").name("raise alerts")
                .sinkTo(sinks.alerts()).uid("alerts-sink").name("alerts");

        // Only review candidates cross this keyBy with their audio; the sampler would ignore the rest.
        scored.filter(new KeepReviewCandidates(s.review())).uid("keep-review-candidates").name("keep review candidates")
                .keyBy(w -> w.window.recorderId)
                .process(new SampleForReview(s.review())).uid("sample-for-review").name("sample for review")
                .sinkTo(sinks.reviewRequests()).uid("review-sink").name("review requests");

        chunks.getSideOutput(ValidateChunks.REJECTED)
                .union(windows.getSideOutput(AssembleWindows.REJECTED),
                        ready.getSideOutput(TrackModelReleases.REJECTED),
                        scored.getSideOutput(RouteScoredWindows.REJECTED))
                .map(new CountRejections()).uid("count-rejections").name("count rejections")
                .sinkTo(sinks.deadLetters()).uid("dlq-sink").name("audio.chunks.dlq");
    }
}
