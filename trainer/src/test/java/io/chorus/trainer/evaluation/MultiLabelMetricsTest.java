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
}
