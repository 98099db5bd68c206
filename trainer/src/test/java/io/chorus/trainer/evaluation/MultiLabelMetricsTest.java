package io.chorus.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against cases worked out by hand. */
class MultiLabelMetricsTest {

    // Three classes: SPHSUR (frequent), PITAZU (common), ADEDIP (rare); four clips.
    private static final List<String> SPECIES = List.of("SPHSUR", "PITAZU", "ADEDIP");
    private static final int[][] LABELS = {
        {1, 0, 0},
        {1, 1, 0},
        {0, 1, 0},
        {0, 0, 0},
    };
    private static final float[][] SCORES = {
        {0.9f, 0.2f, 0.1f},
        {0.4f, 0.7f, 0.2f},
        {0.6f, 0.8f, 0.3f},
        {0.1f, 0.6f, 0.05f},
    };

    @Test
    void f1PerClassMacroAndGroupsMatchHandCounts() {
        EvaluationReport r = MultiLabelMetrics.evaluate("hand", SPECIES, SCORES, LABELS, MultiLabelMetrics.uniformThresholds(3, 0.5f));

        // SPHSUR: predicted clips 0, 2; actual 0, 1 -> TP 1, FP 1, FN 1 -> F1 = 2/(2+1+1) = 0.5
        // PITAZU: predicted 1, 2, 3; actual 1, 2 -> TP 2, FP 1, FN 0 -> F1 = 4/5 = 0.8
        // ADEDIP: no positives, no predictions -> 0 (torchmetrics' rule)
        assertThat(r.perClass()).extracting(EvaluationReport.ClassScore::f1).containsExactly(0.5, 0.8, 0.0);
        assertThat(r.perClass().get(1).truePositives()).isEqualTo(2);
        assertThat(r.perClass().get(1).falsePositives()).isEqualTo(1);
        assertThat(r.macroF1()).isCloseTo(1.3 / 3, offset(1e-12));
        assertThat(r.groupMacroF1()).containsEntry("frequent", 0.5).containsEntry("common", 0.8).containsEntry("rare", 0.0);
    }

    @Test
    void averagePrecisionRanksByScore() {
        // SPHSUR ranking: clip0 (0.9, pos), clip2 (0.6, neg), clip1 (0.4, pos), clip3 -> AP = (1/1 + 2/3) / 2
        assertThat(MultiLabelMetrics.averagePrecision(SCORES, LABELS, 0)).isCloseTo((1 + 2.0 / 3) / 2, offset(1e-12));
        // PITAZU ranking: clip2 (pos), clip1 (pos), clip3, clip0 -> AP = 1
        assertThat(MultiLabelMetrics.averagePrecision(SCORES, LABELS, 1)).isEqualTo(1.0);
        assertThat(MultiLabelMetrics.averagePrecision(SCORES, LABELS, 2)).isNaN();
        EvaluationReport r = MultiLabelMetrics.evaluate("hand", SPECIES, SCORES, LABELS, MultiLabelMetrics.uniformThresholds(3, 0.5f));
        assertThat(r.macroAp()).isCloseTo(((1 + 2.0 / 3) / 2 + 1) / 2, offset(1e-12)); // classes with positives only
    }

    @Test
    void polyphonyBreakdownUsesOnlyClipsWithThatManySpecies() {
        EvaluationReport r = MultiLabelMetrics.evaluate("hand", SPECIES, SCORES, LABELS, MultiLabelMetrics.uniformThresholds(3, 0.5f));
        // 0 species: clip3 only; SPHSUR, ADEDIP no positives no predictions, PITAZU a false positive -> all 0
        assertThat(r.byPolyphony().get("0")).isEqualTo(0.0);
        // 2 species: clip1: SPHSUR missed (0), PITAZU hit (1), ADEDIP nothing (0) -> 1/3
        assertThat(r.byPolyphony().get("2")).isCloseTo(1.0 / 3, offset(1e-12));
        assertThat(r.byPolyphony()).doesNotContainKey("4+");
        assertThat(r.toTable()).contains("macro F1 0.433").contains("PITAZU").contains("rare 0.000");
    }

    @Test
    void perClassThresholdsChangeTheDecision() {
        float[] strict = {0.95f, 0.5f, 0.5f};
        EvaluationReport r = MultiLabelMetrics.evaluate("hand", SPECIES, SCORES, LABELS, strict);
        assertThat(r.perClass().get(0).f1()).isEqualTo(0.0);
    }

    @Test
    void thresholdsTunedOnValidationRecoverWhatAFixedHalfMisses() {
        // A mixed model's soft scores: positives at 0.30-0.45, negatives at 0.05-0.20. At 0.5 nothing is
        // detected (F1 0); at thresholds tuned on a validation set drawn the same way, every test clip is right.
        List<String> species = List.of("SPHSUR", "ADEDIP");
        java.util.Random rng = new java.util.Random(3);
        float[][][] scores = new float[2][40][2];
        int[][][] labels = new int[2][40][2];
        for (int set = 0; set < 2; set++) {
            for (int i = 0; i < 40; i++) {
                for (int c = 0; c < 2; c++) {
                    labels[set][i][c] = (i + c) % 3 == 0 ? 1 : 0;
                    scores[set][i][c] = labels[set][i][c] == 1 ? 0.30f + 0.15f * rng.nextFloat() : 0.05f + 0.15f * rng.nextFloat();
                }
            }
        }
        float[] tuned = io.chorus.trainer.training.ThresholdTuner.tune(scores[0], labels[0], 2);
        for (float t : tuned) {
            assertThat(t).isBetween(0.20f, 0.30f); // above every negative, at or below every positive
        }
        EvaluationReport atHalf = MultiLabelMetrics.evaluate("test", species, scores[1], labels[1], MultiLabelMetrics.uniformThresholds(2, 0.5f));
        EvaluationReport atTuned = MultiLabelMetrics.evaluate("test", species, scores[1], labels[1], tuned);
        assertThat(atHalf.macroF1()).isZero();
        assertThat(atTuned.macroF1()).isEqualTo(1.0);
        assertThat(atTuned.groupMacroF1()).containsEntry("rare", 1.0);
        // AP ranks, it does not threshold: the same for both, and perfect here.
        assertThat(atHalf.macroAp()).isEqualTo(atTuned.macroAp()).isEqualTo(1.0);
        assertThat(atTuned.groupMacroAp()).containsEntry("frequent", 1.0).containsEntry("rare", 1.0);
    }

    @Test
    void calibrationErrorIsZeroForCalibratedScoresAndTheGapOtherwise() {
        // Four pairs at 0.25, one of them positive: calibrated.
        float[][] calibrated = {{0.25f}, {0.25f}, {0.25f}, {0.25f}};
        int[][] oneOfFour = {{1}, {0}, {0}, {0}};
        assertThat(MultiLabelMetrics.expectedCalibrationError(calibrated, oneOfFour, 10)).isCloseTo(0.0, offset(1e-6));
        // Over-confident: 0.95 on four pairs of which one is positive -> gap 0.70 on all pairs.
        float[][] confident = {{0.95f}, {0.95f}, {0.95f}, {0.95f}};
        assertThat(MultiLabelMetrics.expectedCalibrationError(confident, oneOfFour, 10)).isCloseTo(0.70, offset(1e-6));
        // Two bins, weighted by their pairs: half the pairs calibrated, half off by 0.70 -> 0.35.
        float[][] mixed = {{0.25f, 0.95f}, {0.25f, 0.95f}, {0.25f, 0.95f}, {0.25f, 0.95f}};
        int[][] mixedLabels = {{1, 1}, {0, 0}, {0, 0}, {0, 0}};
        assertThat(MultiLabelMetrics.expectedCalibrationError(mixed, mixedLabels, 10)).isCloseTo(0.35, offset(1e-6));
        assertThat(MultiLabelMetrics.evaluate("hand", SPECIES, SCORES, LABELS, MultiLabelMetrics.uniformThresholds(3, 0.5f))
                .calibrationError()).isBetween(0.0, 1.0);
    }
}
