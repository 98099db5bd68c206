package io.chorus.trainer.retrain;

import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.gate.GateDecision;
import io.chorus.trainer.training.MixTrainer;
import java.util.List;
import java.util.Map;

/**
 * What a round did, written to {@code rounds/<id>/report.json} whatever its outcome.
 *
 * @param timing   when it started and how long it took
 * @param models   the champion and the challenger: versions and scores on the round's hold-out
 * @param training what the challenger was trained on and how its epochs went
 * @param decision the gate's decision with its intervals and hold-out sizes (null: bootstrap, or the round ended before it)
 */
public record RoundReport(String roundId, RoundTrigger trigger, RoundOutcome outcome, String message, Timing timing, Models models,
                          Training training, GateDecision decision) {

    public record Timing(long startedAtMillis, double seconds) {
    }

    /**
     * @param championVersion   serving version when the round started (null: none)
     * @param releasedVersion   version published by the round (null: none)
     * @param champion          champion's scores on the round's hold-out (null: none)
     * @param challenger        challenger's scores on the same hold-out (null: not trained)
     * @param championCurated   champion's scores on the curated part of the hold-out (the base test split)
     * @param challengerCurated challenger's scores on the same part
     */
    public record Models(Integer championVersion, Integer releasedVersion, EvaluationReport champion, EvaluationReport challenger,
                         EvaluationReport championCurated, EvaluationReport challengerCurated) {
    }

    /**
     * @param lineage      base data set, labelled-clip offsets, mixer, recipe, seed, warm start
     * @param data         clips per part (train, validation, hold-out)
     * @param skippedClips labelled-clip records the snapshot left out, by reason
     * @param epochs       the training log, epoch by epoch
     */
    public record Training(Map<String, Object> lineage, Map<String, Integer> data, Map<String, Integer> skippedClips,
                           List<MixTrainer.EpochLog> epochs) {
    }

    /** Shorthand: the version the round published, or null. */
    public Integer releasedVersion() {
        return models.releasedVersion();
    }
}
