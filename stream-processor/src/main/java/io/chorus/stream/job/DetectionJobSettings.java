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
 * Every knob of the detection job by concern (the CLI fills it from flags, the local run from
 * {@link #defaults()}).
 *
 * @param modelName model line served (ModelRelease.modelName)
 * @param input     what audio the job accepts and how it tracks event time
 * @param windows   how chunks become windows
 * @param scoring   how windows are scored and what counts as a detection
 * @param alerts    when detections become an alert
 * @param review    which windows go to experts
 */
public record DetectionJobSettings(String modelName, Input input, WindowSettings windows, Scoring scoring, AlertSettings alerts,
                                   ReviewSettings review) implements Serializable {

    public static final String DEFAULT_MODEL_NAME = "chorus-anura";

    /**
     * @param chunkLimits    what a chunk may be (size, rates, channels, clock skew)
     * @param outOfOrderness how far chunks may arrive out of event-time order
     * @param idleness       a source split silent this long stops holding back the watermark
     */
    public record Input(ChunkLimits chunkLimits, Duration outOfOrderness, Duration idleness) implements Serializable {

        public static Input defaults() {
            return new Input(ChunkLimits.defaults(), Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
    }

    /**
     * @param inference           batching, workers and device
     * @param decisions           threshold overrides and priority species
     * @param maxWaitingWindows   windows held per instance until the first model arrives
     * @param inferenceTimeout    a window not scored by then goes to the DLQ
     * @param inFlightPerInstance windows each async inference instance may have outstanding; they are part of
     *                            every checkpoint, so enough to keep the workers busy and no more
     */
    public record Scoring(InferenceSettings inference, Decisions decisions, int maxWaitingWindows, Duration inferenceTimeout,
                          int inFlightPerInstance) implements Serializable {

        public static Scoring defaults() {
            return new Scoring(InferenceSettings.defaults(), Decisions.none(), 600, Duration.ofSeconds(60), 32);
        }
    }

    public static DetectionJobSettings defaults() {
        return new DetectionJobSettings(DEFAULT_MODEL_NAME, Input.defaults(), WindowSettings.defaults(), Scoring.defaults(),
                AlertSettings.defaults(), ReviewSettings.defaults());
    }

    public DetectionJobSettings withModelName(String name) {
        return new DetectionJobSettings(name, input, windows, scoring, alerts, review);
    }

    public DetectionJobSettings withInference(InferenceSettings s) {
        return withScoring(new Scoring(s, scoring.decisions(), scoring.maxWaitingWindows(), scoring.inferenceTimeout(),
                scoring.inFlightPerInstance()));
    }

    public DetectionJobSettings withDecisions(Decisions d) {
        return withScoring(new Scoring(scoring.inference(), d, scoring.maxWaitingWindows(), scoring.inferenceTimeout(),
                scoring.inFlightPerInstance()));
    }

    public DetectionJobSettings withInFlightPerInstance(int inFlight) {
        return withScoring(new Scoring(scoring.inference(), scoring.decisions(), scoring.maxWaitingWindows(), scoring.inferenceTimeout(),
                inFlight));
    }

    public DetectionJobSettings withScoring(Scoring s) {
        return new DetectionJobSettings(modelName, input, windows, s, alerts, review);
    }

    public DetectionJobSettings withReview(ReviewSettings r) {
        return new DetectionJobSettings(modelName, input, windows, scoring, alerts, r);
    }

    public DetectionJobSettings withWatermarks(Duration outOfOrderness, Duration idleness) {
        return new DetectionJobSettings(modelName, new Input(input.chunkLimits(), outOfOrderness, idleness), windows, scoring, alerts,
                review);
    }
}
