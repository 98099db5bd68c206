package io.chorus.trainer.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How big a hold-out the gate needs: for constructed champion/challenger pairs with a known
 * difference ({@link SimulatedHoldOut}), the share of seeded draws in which the gate reaches the
 * right verdict, by hold-out size. Prints the README's table.
 *
 * @param gate              the gate as configured
 * @param clipsPerRecording clips each hold-out recording contributes
 * @param sizes             hold-out sizes in clips
 * @param draws             hold-outs drawn per cell
 * @param seed              first seed; cell draws use seed, seed + 1, ...
 */
public record HoldOutSizing(PromotionGate gate, int clipsPerRecording, int[] sizes, int draws, long seed) {

    public HoldOutSizing {
        if (clipsPerRecording < 1 || draws < 1 || sizes.length == 0 || java.util.Arrays.stream(sizes).anyMatch(n -> n < clipsPerRecording)) {
            throw new IllegalArgumentException("gate-sizing needs --clips-per-recording >= 1, --draws >= 1 and every --sizes value >= "
                    + "clips per recording, got " + clipsPerRecording + ", " + draws + " and " + java.util.Arrays.toString(sizes));
        }
    }

    /** A constructed difference and the verdict the gate should reach on it. */
    public record Scenario(String name, SimulatedHoldOut pair, Verdict right) {
    }

    /** One row: the share of draws with the right verdict at each size. */
    public record Row(Scenario scenario, double populationMacroDelta, double[] rightShare, double[] wrongRejectShare) {
    }

    public List<Scenario> scenarios() {
        SimulatedHoldOut equal = SimulatedHoldOut.equalModels(clipsPerRecording);
        return List.of(
                new Scenario("equal models: promoted", equal, Verdict.PASS),
                new Scenario("challenger better, macro F1 +0.05: promoted", equal.withChallengerMacroChange(0.05), Verdict.PASS),
                new Scenario("macro F1 −0.02: rejected", equal.withChallengerMacroChange(-0.02), Verdict.REJECT),
                new Scenario("macro F1 −0.05: rejected", equal.withChallengerMacroChange(-0.05), Verdict.REJECT),
                new Scenario("macro F1 −0.10: rejected", equal.withChallengerMacroChange(-0.10), Verdict.REJECT),
                new Scenario("one frequent species F1 −0.15: rejected", equal.withChallengerF1Drop(0.15, 0), Verdict.REJECT));
    }

    /** Runs every scenario at every size; {@code progress} hears of each finished cell. */
    public List<Row> run(IntConsumer progress) {
        List<Row> rows = new ArrayList<>();
        int cell = 0;
        for (Scenario s : scenarios()) {
            double[] right = new double[sizes.length];
            double[] wrongReject = new double[sizes.length];
            for (int k = 0; k < sizes.length; k++) {
                int recordings = Math.max(1, sizes[k] / clipsPerRecording);
                Verdict[] verdicts = IntStream.range(0, draws).parallel()
                        .mapToObj(d -> gate.judge("whole", s.pair().draw("sim", recordings, seed + d), PromotionGate.Role.DECIDES, 0, seed + d)
                                .verdict())
                        .toArray(Verdict[]::new);
                right[k] = share(verdicts, s.right());
                wrongReject[k] = s.right() == Verdict.PASS ? share(verdicts, Verdict.REJECT) : 0;
                progress.accept(++cell);
            }
            rows.add(new Row(s, s.pair().populationMacroDelta(), right, wrongReject));
        }
        return rows;
    }

    public int cells() {
        return scenarios().size() * sizes.length;
    }

    private static double share(Verdict[] verdicts, Verdict v) {
        return java.util.Arrays.stream(verdicts).filter(x -> x == v).count() / (double) verdicts.length;
    }

    /** The table in Markdown, with the smallest size where the right verdict comes in at least 80 % of draws. */
    public String markdown(List<Row> rows, double holdOutShare) {
        StringBuilder b = new StringBuilder();
        b.append("| constructed difference | ");
        for (int s : sizes) {
            b.append(s).append(" clips | ");
        }
        b.append("right in ≥ 80 % from | reviewed clips at share ").append(fmt2(holdOutShare)).append(" |\n|---|");
        b.append("---:|".repeat(sizes.length)).append("---:|---:|\n");
        for (Row r : rows) {
            b.append("| ").append(r.scenario().name()).append(" | ");
            Integer from = null;
            for (int k = 0; k < sizes.length; k++) {
                b.append(String.format(Locale.ROOT, "%.0f %%", 100 * r.rightShare()[k]));
                if (r.wrongRejectShare()[k] > 0) {
                    b.append(String.format(Locale.ROOT, " (rejected %.0f %%)", 100 * r.wrongRejectShare()[k]));
                }
                b.append(" | ");
                if (from == null && r.rightShare()[k] >= 0.8) {
                    from = sizes[k];
                }
            }
            b.append(from == null ? "> " + sizes[sizes.length - 1] : Integer.toString(from)).append(" | ");
            b.append(from == null ? "> " + (int) Math.ceil(sizes[sizes.length - 1] / holdOutShare)
                    : Integer.toString((int) Math.ceil(from / holdOutShare))).append(" |\n");
        }
        return b.toString();
    }

    /** What the table assumes, in words. */
    public String assumptions() {
        return String.format(Locale.ROOT, "Gate: ε %s, δ %s, γ %s, %s %% intervals, %d resamples, ≥ %d recordings. Constructed "
                        + "hold-outs: %d species (4 frequent, 3 common, 3 rare; prevalence 0.40 to 0.03), %d clips per recording, "
                        + "a species calls in half the recordings, true-positive rate 0.75 ± 0.1 per recording, false-positive rate "
                        + "0.05, the two models share 80 %% of their random draws; %d hold-outs per cell (seeds %d…). \"Reviewed clips\": "
                        + "reviewed clips needed for a hold-out of that size from reviews alone.",
                fmt2(gate.epsilon()), fmt2(gate.delta()), fmt2(gate.gamma()), fmt2(Math.round(gate.confidence() * 1000) / 10.0), gate.resamples(),
                gate.minRecordings(), SimulatedHoldOut.SPECIES.size(), clipsPerRecording, draws, seed);
    }

    private static String fmt2(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
