package io.chorus.trainer.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.trainer.evaluation.MultiLabelMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The gate on constructed prediction matrices (no training, so nothing here depends on the CPU):
 * its error rates measured over many seeded draws, its verdicts on differences far from and near
 * its margins, and what it resamples.
 */
class PromotionGateTest {

    static final PromotionGate GATE = PromotionGate.DEFAULTS;
    static final int DRAWS = 400;

    static double share(SimulatedHoldOut pair, int recordings, Verdict verdict, int draws) {
        long n = IntStream.range(0, draws).parallel()
                .filter(d -> GATE.judge("whole", pair.draw("sim", recordings, 1_000 + d), PromotionGate.Role.DECIDES, 0, d).verdict() == verdict)
                .count();
        return n / (double) draws;
    }

    @Test
    void equalModelsAreRejectedNoMoreOftenThanTheErrorRateOfTheChosenLevel() {
        SimulatedHoldOut equal = SimulatedHoldOut.equalModels(5);
        double level = 1 - GATE.confidence();
        for (int recordings : new int[] {20, 60, 200}) {
            double rejected = share(equal, recordings, Verdict.REJECT, DRAWS);
            System.out.printf(Locale.ROOT, "equal models, %d clips in %d recordings: rejected in %.1f %% of %d draws (level %.0f %%)%n",
                    recordings * 5, recordings, 100 * rejected, DRAWS, 100 * level);
            assertThat(rejected).as("false-rejection rate of equal models at %d recordings", recordings).isLessThanOrEqualTo(level);
        }
    }

    @Test
    void aRealRegressionOfOneFrequentClassBy015IsCaught() {
        SimulatedHoldOut worse = SimulatedHoldOut.equalModels(5).withChallengerF1Drop(0.15, 0);
        double caught = 0;
        for (int recordings : new int[] {20, 60, 120}) {
            caught = share(worse, recordings, Verdict.REJECT, DRAWS);
            System.out.printf(Locale.ROOT, "SPHSUR F1 −0.15, %d clips in %d recordings: rejected in %.1f %% of %d draws%n", recordings * 5,
                    recordings, 100 * caught, DRAWS);
        }
        assertThat(caught).as("detection rate of a 0.15 regression of one frequent class at 600 clips").isGreaterThanOrEqualTo(0.8);
        // ... and it is rejected for that class, in words a reviewer can read.
        HoldOutVerdict v = GATE.judge("whole", worse.draw("holdout-r0002", 120, 7), PromotionGate.Role.DECIDES, 0, 1);
        assertThat(v.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(v.checks()).filteredOn(c -> c.verdict() == Verdict.REJECT).extracting(GateCheck::text)
                .anySatisfy(t -> assertThat(t).matches("SPHSUR F1 -0\\.\\d{3} \\[-0\\.\\d{3}, -0\\.\\d{3}\\] at 95 % \\(\\d+ positives\\): "
                        + "fell by more than γ 0\\.050"));
    }

    @Test
    void aClearlyBetterChallengerIsPromotedAndAClearlyWorseOneRejected() {
        SimulatedHoldOut equal = SimulatedHoldOut.equalModels(5);
        assertThat(share(equal.withChallengerMacroChange(0.08), 60, Verdict.PASS, 100)).isGreaterThanOrEqualTo(0.95);
        assertThat(share(equal.withChallengerMacroChange(-0.15), 60, Verdict.REJECT, 100)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aTinyHoldOutIsInconclusiveAndSaysHowManyClipsWouldDecide() {
        SimulatedHoldOut equal = SimulatedHoldOut.equalModels(5);
        HoldOutVerdict three = GATE.judge("whole", equal.withChallengerMacroChange(-0.3).draw("holdout-r0003", 3, 1),
                PromotionGate.Role.DECIDES, 0.2, 1);
        assertThat(three.verdict()).as(three.note()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(three.note()).startsWith("too few recordings (3 < 5) to decide on; about 25 hold-out clips would decide it (now 15)"
                + ", i.e. about 50 more reviewed clips at hold-out share 0.20");

        // Enough recordings, but a small difference: the interval straddles −ε, and the estimate of
        // the size that would decide it is larger than the hold-out and shrinks as the hold-out grows.
        HoldOutVerdict small = GATE.judge("whole", equal.draw("holdout-r0004", 12, 3), PromotionGate.Role.DECIDES, 0.2, 1);
        assertThat(small.verdict()).as(small.note()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(small.checks().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(small.checks().get(0).text()).contains("cannot tell whether it is worse by more than ε 0.010");
        assertThat(small.note()).startsWith("the hold-out is too small to tell; about ").contains("more reviewed clips");
        if (small.decidableAtClips() != null) {
            assertThat(small.decidableAtClips()).isGreaterThan(small.clips());
        }
    }

    @Test
    void recordingsNotClipsAreResampled() {
        PairedHoldOut once = SimulatedHoldOut.equalModels(1).withChallengerMacroChange(-0.05).draw("h", 40, 11);
        // Each clip ten times within its recording: no new information, so the interval must not narrow.
        PairedHoldOut tenTimes = repeat(once, 10, false);
        // The same copies named as recordings of their own: a clip bootstrap in effect, which claims more certainty.
        PairedHoldOut asIfIndependent = repeat(once, 10, true);
        PairedBootstrap.Evidence a = PairedBootstrap.resample(once, 1000, 0.95, 5);
        PairedBootstrap.Evidence b = PairedBootstrap.resample(tenTimes, 1000, 0.95, 5);
        PairedBootstrap.Evidence c = PairedBootstrap.resample(asIfIndependent, 1000, 0.95, 5);
        assertThat(b.recordings()).isEqualTo(40);
        assertThat(b.macro()).isEqualTo(a.macro());
        assertThat(b.perClass()).isEqualTo(a.perClass());
        assertThat(c.recordings()).isEqualTo(400);
        assertThat(c.macro().width()).as("interval width with copies taken as independent recordings")
                .isLessThan(a.macro().width() * 0.5);
    }

    /** Every clip {@code times} times, in the same recording or each copy in one of its own. */
    static PairedHoldOut repeat(PairedHoldOut h, int times, boolean ownRecording) {
        List<String> recordings = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<boolean[]> a = new ArrayList<>();
        List<boolean[]> b = new ArrayList<>();
        for (int i = 0; i < h.clips(); i++) {
            for (int k = 0; k < times; k++) {
                recordings.add(ownRecording ? h.recordings().get(i) + "#" + k : h.recordings().get(i));
                labels.add(h.labels()[i]);
                a.add(h.champion()[i]);
                b.add(h.challenger()[i]);
            }
        }
        return new PairedHoldOut(h.name(), h.species(), recordings, labels.toArray(int[][]::new), a.toArray(boolean[][]::new),
                b.toArray(boolean[][]::new));
    }

    @Test
    void theEstimateIsTheDifferenceOnTheWholeHoldOutAndTheIntervalHoldsIt() {
        PairedHoldOut h = SimulatedHoldOut.equalModels(5).withChallengerMacroChange(0.05).draw("h", 50, 2);
        PairedBootstrap.Evidence e = PairedBootstrap.resample(h, 1000, 0.95, 1);
        double sum = 0;
        for (int c = 0; c < h.species().size(); c++) {
            double d = f1(h, c, true) - f1(h, c, false);
            assertThat(e.perClass().get(c).estimate()).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(e.perClass().get(c).lower()).isLessThanOrEqualTo(e.perClass().get(c).upper());
            sum += d;
        }
        assertThat(e.macro().estimate()).isCloseTo(sum / h.species().size(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e.macro().lower()).isLessThan(e.macro().estimate());
        assertThat(e.macro().upper()).isGreaterThan(e.macro().estimate());
        assertThat(e.rareCount()).isEqualTo(3);
        // Same seed, same interval; another seed, another (bootstrap noise only).
        assertThat(PairedBootstrap.resample(h, 1000, 0.95, 1).macro()).isEqualTo(e.macro());
        assertThat(PairedBootstrap.resample(h, 1000, 0.95, 2).macro()).isNotEqualTo(e.macro());
    }

    /** F1 as the round's evaluation report computes it (MultiLabelMetrics), from the decisions as 0/1 scores. */
    static double f1(PairedHoldOut h, int c, boolean challenger) {
        boolean[][] decisions = challenger ? h.challenger() : h.champion();
        float[][] scores = new float[h.clips()][];
        for (int i = 0; i < h.clips(); i++) {
            scores[i] = new float[h.species().size()];
            for (int k = 0; k < scores[i].length; k++) {
                scores[i][k] = decisions[i][k] ? 1f : 0f;
            }
        }
        return MultiLabelMetrics.counts(scores, h.labels(), c, 0.5f).f1();
    }

    @Test
    void aVetoPartRejectsOnASignificantRegressionButCannotHoldTheRoundWhenUndecided() {
        SimulatedHoldOut equal = SimulatedHoldOut.equalModels(5);
        PairedHoldOut better = equal.withChallengerMacroChange(0.1).draw("holdout", 80, 1);
        PairedHoldOut muchWorse = equal.withChallengerMacroChange(-0.25).draw("curated", 20, 2);
        PairedHoldOut undecided = equal.draw("curated", 8, 3);

        GateDecision rejected = GATE.decide(List.of(new PromotionGate.Part("p", better, PromotionGate.Role.DECIDES, 0.2),
                new PromotionGate.Part("p", muchWorse, PromotionGate.Role.VETO, 0)), 1);
        assertThat(rejected.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(rejected.summary()).startsWith("curated (100 clips, 20 recordings): macro F1 -0.");
        assertThat(rejected.holdOuts()).extracting(HoldOutVerdict::verdict).containsExactly(Verdict.PASS, Verdict.REJECT);

        GateDecision promoted = GATE.decide(List.of(new PromotionGate.Part("p", better, PromotionGate.Role.DECIDES, 0.2),
                new PromotionGate.Part("p", undecided, PromotionGate.Role.VETO, 0)), 1);
        assertThat(promoted.holdOuts().get(1).checks().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(promoted.verdict()).as(promoted.summary()).isEqualTo(Verdict.PASS);
        assertThat(promoted.summary()).startsWith("holdout (400 clips, 80 recordings): macro F1 +0.")
                .contains("no worse than the champion by more than ε 0.010");

        GateDecision open = GATE.decide(List.of(new PromotionGate.Part("p", undecided, PromotionGate.Role.DECIDES, 0.2)), 1);
        assertThat(open.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(open.summary()).contains("cannot tell whether it is worse").contains("the hold-out is too small to tell");
    }

    @Test
    void settingsAndInputsAreCheckedWithClearErrors() {
        assertThatThrownBy(() -> new PromotionGate(-0.01, 0.02, 0.05, 0.95, 1000, 5)).hasMessageContaining("margins must be >= 0");
        assertThatThrownBy(() -> new PromotionGate(0.01, 0.02, 0.05, 1.2, 1000, 5)).hasMessageContaining("confidence level");
        assertThatThrownBy(() -> new PromotionGate(0.01, 0.02, 0.05, 0.95, 10, 5)).hasMessageContaining(">= 100 resamples");
        assertThatThrownBy(() -> new HoldOutSizing(GATE, 0, new int[] {100}, 10, 1)).hasMessageContaining("--clips-per-recording >= 1")
                .hasMessageContaining("got 0, 10 and [100]");
        assertThatThrownBy(() -> new PairedHoldOut("h", List.of("SPHSUR"), List.of("r"), new int[][] {{1}}, new boolean[][] {{true}},
                new boolean[0][])).hasMessageContaining("hold-out h: 1 clips").hasMessageContaining("0 challenger rows");
    }

    @Test
    void eachModelIsJudgedAtItsOwnThresholds() {
        // The champion scores positives 0.35 and serves a tuned 0.3; the challenger scores them 0.6 at 0.5.
        // At their own thresholds both detect exactly the positives; at a shared 0.5 the champion would detect nothing.
        List<String> species = List.of("SPHSUR", "ADEDIP");
        List<String> recordings = new ArrayList<>();
        int[][] labels = new int[20][2];
        float[][] champion = new float[20][2];
        float[][] challenger = new float[20][2];
        for (int i = 0; i < 20; i++) {
            recordings.add("rec" + i / 2);
            for (int c = 0; c < 2; c++) {
                labels[i][c] = (i + c) % 2;
                champion[i][c] = labels[i][c] == 1 ? 0.35f : 0.1f;
                challenger[i][c] = labels[i][c] == 1 ? 0.6f : 0.2f;
            }
        }
        PairedHoldOut own = PairedHoldOut.of("own", species, recordings, labels, champion, new float[] {0.3f, 0.3f}, challenger,
                new float[] {0.5f, 0.5f});
        assertThat(own.champion()).isDeepEqualTo(own.challenger());
        PairedHoldOut shared = PairedHoldOut.of("shared", species, recordings, labels, champion, new float[] {0.5f, 0.5f}, challenger,
                new float[] {0.5f, 0.5f});
        assertThat(java.util.Arrays.deepEquals(shared.champion(), shared.challenger())).isFalse();
    }
}
