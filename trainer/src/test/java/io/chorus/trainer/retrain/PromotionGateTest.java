package io.chorus.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.evaluation.EvaluationReport.ClassScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    static final PromotionGate GATE = new PromotionGate(0.01, 0.02, 0.05, 5);

    /** A report with per-class F1 and support; macro and rare means computed as MultiLabelMetrics does. */
    static EvaluationReport report(String set, double[] f1, int[] support) {
        List<String> species = List.of("SPHSUR", "BOABIS", "ADEDIP", "SCIRIZ");
        List<ClassScore> perClass = new java.util.ArrayList<>();
        for (int c = 0; c < f1.length; c++) {
            perClass.add(new ClassScore(species.get(c), c < 2 ? "frequent" : "rare", support[c], 0, 0, f1[c], Double.NaN));
        }
        Map<String, Double> groups = new LinkedHashMap<>();
        groups.put("frequent", (f1[0] + f1[1]) / 2);
        groups.put("rare", (f1[2] + f1[3]) / 2);
        return new EvaluationReport(set, 100, java.util.Arrays.stream(f1).average().orElse(0), groups, Double.NaN, perClass, Map.of());
    }

    static final int[] SUPPORT = {40, 30, 8, 2};

    @Test
    void aChallengerAsGoodWithinToleranceIsPromoted() {
        PromotionGate.Decision d = GATE.decide(report("h", new double[] {0.8, 0.7, 0.5, 0.0}, SUPPORT),
                report("h", new double[] {0.79, 0.7, 0.49, 0.0}, SUPPORT));
        assertThat(d.promote()).as(d.summary()).isTrue();
        assertThat(d.passed()).hasSize(3);
    }

    @Test
    void aMacroDropBeyondEpsilonRejects() {
        PromotionGate.Decision d = GATE.decide(report("h", new double[] {0.8, 0.7, 0.5, 0.4}, SUPPORT),
                report("h", new double[] {0.8, 0.7, 0.5, 0.3}, SUPPORT));
        assertThat(d.promote()).isFalse();
        assertThat(d.failed()).anySatisfy(f -> assertThat(f).startsWith("macro F1 0.5750 vs champion 0.6000"));
    }

    @Test
    void aRareGroupDropBeyondDeltaRejectsEvenWhenMacroRises() {
        // ADEDIP falls by 0.04 (within γ), SCIRIZ (2 positives) by 0.03: each alone passes, the rare group falls by 0.035 > δ.
        PromotionGate.Decision d = GATE.decide(report("h", new double[] {0.5, 0.5, 0.5, 0.2}, SUPPORT),
                report("h", new double[] {0.7, 0.7, 0.46, 0.17}, SUPPORT));
        assertThat(d.promote()).isFalse();
        assertThat(d.failed()).singleElement().satisfies(f -> assertThat(f).startsWith("rare F1 0.3150 vs champion 0.3500"));
    }

    @Test
    void aClassFallingByMoreThanGammaRejectsUnlessItHasTooFewPositives() {
        // SPHSUR (40 positives) falls by 0.06: rejected. SCIRIZ (2 positives) falls by 1.0: not checked alone.
        PromotionGate.Decision d = GATE.decide(report("h", new double[] {0.8, 0.5, 0.5, 1.0}, SUPPORT),
                report("h", new double[] {0.74, 0.9, 0.5, 0.0}, new int[] {40, 30, 8, 2}));
        assertThat(d.failed()).anySatisfy(f -> assertThat(f).startsWith("SPHSUR F1 0.7400 fell from 0.8000"));
        assertThat(d.failed()).noneSatisfy(f -> assertThat(f).startsWith("SCIRIZ"));
    }

    @Test
    void championAndChallengerMustBeScoredOnTheSameHoldOut() {
        assertThatThrownBy(() -> GATE.decide(report("holdout-r1", new double[] {1, 1, 1, 1}, SUPPORT),
                report("holdout-r2", new double[] {1, 1, 1, 1}, SUPPORT))).hasMessageContaining("same hold-out");
    }

    @Test
    void allSetsMustPassAndEachCheckNamesItsSet() {
        PromotionGate.Decision pass = new PromotionGate.Decision(true, List.of(), List.of("macro ok"));
        PromotionGate.Decision fail = new PromotionGate.Decision(false, List.of("macro bad"), List.of());
        Map<String, PromotionGate.Decision> bySet = new LinkedHashMap<>();
        bySet.put("hold-out", pass);
        bySet.put("curated part", fail);
        PromotionGate.Decision d = PromotionGate.Decision.all(bySet);
        assertThat(d.promote()).isFalse();
        assertThat(d.failed()).containsExactly("curated part: macro bad");
        assertThat(d.passed()).containsExactly("hold-out: macro ok");
    }
}
