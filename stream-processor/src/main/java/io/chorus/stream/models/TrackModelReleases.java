package io.chorus.stream.models;

import io.chorus.model.release.ReleaseRejectedException;
import io.chorus.schemas.topics.Topics;
import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.inference.InferenceService;
import io.chorus.stream.inference.ServingModels;
import io.chorus.stream.windows.AudioWindow;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code models} topic (broadcast) and keeps the task manager's inference service on
 * the newest good release of the configured model line; windows pass through unchanged.
 *
 * <p>A release is installed (loaded, probed, swapped) on this operator's thread, away from the
 * inference workers; a release that fails any check is logged and counted and the previous model
 * keeps serving. The serving release is kept in broadcast state, so a job restored from a
 * checkpoint serves the same model before it scores its first window.
 *
 * <p>Before the first model arrives, windows wait here (checkpointed) up to a limit; beyond it
 * the oldest go to the DLQ as {@code NO_MODEL}, counted. Waiting keeps a fresh deployment from
 * losing its first minutes; the limit keeps a job with no model from growing without bound.
 */
public class TrackModelReleases extends BroadcastProcessFunction<AudioWindow, ReleaseInput, AudioWindow>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrackModelReleases.class);
    public static final String STAGE = "stream-processor/model-releases";
    public static final MapStateDescriptor<String, ServingRelease> SERVING = new MapStateDescriptor<>(
            "serving-model", Types.STRING, TypeInformation.of(ServingRelease.class));
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("windows-without-model") {
    };
    private static final String KEY = "serving";

    private final String modelName;
    private final int maxWaitingWindows;
    private final ServingModels models;

    private transient InferenceService service;
    /** Whether the restored broadcast state has been checked since open (once is enough). */
    private transient boolean resumed;
    private transient Deque<AudioWindow> waiting;
    /** The serving release of the checkpoint restored from, until open() installs it. */
    private transient ServingRelease restored;
    private transient ListState<AudioWindow> waitingState;
    private transient Counter swaps;
    private transient Counter rejections;
    private transient Counter ignored;
    private transient Counter windowsWithoutModel;

    /** @param models where the model this installs is served from to {@code ClassifyWindows} */
    public TrackModelReleases(String modelName, int maxWaitingWindows, ServingModels models) {
        this.modelName = modelName;
        this.maxWaitingWindows = maxWaitingWindows;
        this.models = models;
    }

    @Override
    public void open(OpenContext context) {
        service = models.acquire(getRuntimeContext());
        var metrics = getRuntimeContext().getMetricGroup();
        swaps = metrics.counter("modelSwaps");
        rejections = metrics.counter("modelReleasesRejected");
        ignored = metrics.counter("modelReleasesIgnored");
        windowsWithoutModel = metrics.counter("windowsWithoutModel");
        metrics.gauge("windowsAwaitingModel", () -> waiting == null ? 0 : waiting.size());
        if (restored != null) {
            resume(restored);
            resumed = true;
            restored = null;
        }
    }

    @Override
    public void processElement(AudioWindow window, ReadOnlyContext ctx, Collector<AudioWindow> out) throws Exception {
        if (!resumed) {
            resume(ctx.getBroadcastState(SERVING).get(KEY));
            resumed = true;
        }
        if (service.serving() == null) {
            waiting.addLast(window);
            if (waiting.size() > maxWaitingWindows) {
                AudioWindow dropped = waiting.removeFirst();
                windowsWithoutModel.inc();
                ctx.output(REJECTED, Rejection.of(Topics.AUDIO_CHUNKS.name(), STAGE, ReasonCodes.NO_MODEL, "window " + dropped.windowId
                        + " not scored: no model of line '" + modelName + "' has arrived and " + maxWaitingWindows
                        + " windows are already waiting for one").forRecorder(dropped.recorderId));
            }
            return;
        }
        flush(out);
        out.collect(window);
    }

    @Override
    public void processBroadcastElement(ReleaseInput in, Context ctx, Collector<AudioWindow> out) throws Exception {
        BroadcastState<String, ServingRelease> state = ctx.getBroadcastState(SERVING);
        resume(state.get(KEY));
        if (!modelName.equals(in.modelName)) {
            ignored.inc();
            LOG.info("ignoring release {} v{}: this job serves model line '{}'", in.modelName, in.version, modelName);
            return;
        }
        if (in.rejectCode != null) {
            reject(in.modelName + " v" + in.version, in.rejectCode, in.rejectReason);
            return;
        }
        ServingRelease now = state.get(KEY);
        if (now != null && now.version >= in.version) {
            ignored.inc();
            LOG.info("ignoring release {}: {} is already serving", in.release.id(), now.id());
            return;
        }
        try {
            if (service.install(in.release)) {
                swaps.inc();
            }
            state.put(KEY, in.release);
        } catch (ReleaseRejectedException e) {
            reject(in.release.id(), e.reasonCode(), e.getMessage());
            return;
        }
        flush(out);
    }

    /** After a restore the service starts empty: load what the checkpoint says was serving. */
    private void resume(ServingRelease saved) {
        ServingRelease serving = service.serving();
        if (saved != null && (serving == null || serving.version < saved.version)) {
            try {
                service.install(saved);
            } catch (ReleaseRejectedException e) {
                throw new IllegalStateException("the checkpointed model " + saved.id() + " no longer loads: " + e.getMessage(), e);
            }
        }
    }

    private void reject(String release, String code, String reason) {
        rejections.inc();
        ServingRelease serving = service.serving();
        LOG.warn("model release {} rejected ({}): {}; {}", release, code, reason,
                serving == null ? "no model is serving yet" : serving.id() + " keeps serving");
    }

    private void flush(Collector<AudioWindow> out) {
        while (!waiting.isEmpty()) {
            out.collect(waiting.removeFirst());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        waitingState.update(new java.util.ArrayList<>(waiting));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        waitingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("windows-awaiting-model", TypeInformation.of(AudioWindow.class)));
        waiting = new ArrayDeque<>();
        for (AudioWindow w : waitingState.get()) {
            waiting.addLast(w);
        }
        // Installed in open(), not on the first window: the windows classify-windows restores as
        // in flight are scored before any new window passes this operator.
        restored = context.isRestored() ? context.getOperatorStateStore().getBroadcastState(SERVING).get(KEY) : null;
    }

    @Override
    public void close() {
        if (service != null) {
            ServingModels.release(service);
            service = null;
        }
    }
}
