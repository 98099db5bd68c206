package io.chorus.stream.job;

import io.chorus.stream.alerts.AlertSettings;
import io.chorus.stream.chunks.ChunkLimits;
import io.chorus.stream.inference.Decisions;
import io.chorus.stream.inference.InferenceSettings;
import io.chorus.stream.review.ReviewSettings;
import io.chorus.stream.windows.WindowSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Every knob of the detection job (the CLI fills it from flags).
 *
 * @param modelName          model line served (ModelRelease.modelName)
 * @param maxWaitingWindows  windows held per instance until the first model arrives
 * @param outOfOrderness     how far chunks may arrive out of event-time order
 * @param idleness           a source split silent this long stops holding back the watermark
 * @param inferenceTimeout   a window not scored by then goes to the DLQ
 * @param inFlightPerInstance windows each async inference instance may have outstanding; they are part of
 *                           every checkpoint, so enough to keep the workers busy and no more
 */
public record DetectionJobSettings(String modelName, ChunkLimits chunkLimits, WindowSettings windows,
                                   InferenceSettings inference, Decisions decisions, AlertSettings alerts,
                                   ReviewSettings review, int maxWaitingWindows, Duration outOfOrderness,
                                   Duration idleness, Duration inferenceTimeout, int inFlightPerInstance)
        implements Serializable {

    public static final String DEFAULT_MODEL_NAME = "chorus-anura";

    public static DetectionJobSettings defaults() {
        return new DetectionJobSettings(DEFAULT_MODEL_NAME, ChunkLimits.defaults(), WindowSettings.defaults(),
                InferenceSettings.defaults(), Decisions.none(), AlertSettings.defaults(), ReviewSettings.defaults(),
                600, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60), 32);
    }

    public DetectionJobSettings withModelName(String name) {
        return new DetectionJobSettings(name, chunkLimits, windows, inference, decisions, alerts, review,
                maxWaitingWindows, outOfOrderness, idleness, inferenceTimeout, inFlightPerInstance);
    }

    public DetectionJobSettings withInference(InferenceSettings s) {
        return new DetectionJobSettings(modelName, chunkLimits, windows, s, decisions, alerts, review,
                maxWaitingWindows, outOfOrderness, idleness, inferenceTimeout, inFlightPerInstance);
    }

    public DetectionJobSettings withDecisions(Decisions d) {
        return new DetectionJobSettings(modelName, chunkLimits, windows, inference, d, alerts, review,
                maxWaitingWindows, outOfOrderness, idleness, inferenceTimeout, inFlightPerInstance);
    }

    public DetectionJobSettings withReview(ReviewSettings r) {
        return new DetectionJobSettings(modelName, chunkLimits, windows, inference, decisions, alerts, r,
                maxWaitingWindows, outOfOrderness, idleness, inferenceTimeout, inFlightPerInstance);
    }

    public DetectionJobSettings withWatermarks(Duration outOfOrderness, Duration idleness) {
        return new DetectionJobSettings(modelName, chunkLimits, windows, inference, decisions, alerts, review,
                maxWaitingWindows, outOfOrderness, idleness, inferenceTimeout, inFlightPerInstance);
    }

    public DetectionJobSettings withInFlightPerInstance(int inFlight) {
        return new DetectionJobSettings(modelName, chunkLimits, windows, inference, decisions, alerts, review,
                maxWaitingWindows, outOfOrderness, idleness, inferenceTimeout, inFlight);
    }
}
