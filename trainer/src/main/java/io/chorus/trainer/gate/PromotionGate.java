package io.chorus.trainer.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Champion/challenger gate that decides on evidence: the two models are compared paired on the
 * same hold-out, with a bootstrap over recordings giving a confidence interval for Δ macro F1,
 * Δ rare-group F1 and Δ F1 per class (challenger − champion).
 * <ul>
 *   <li>macro F1 (margin ε): <b>pass</b> when the interval's lower end is ≥ −ε (shown no worse by
 *       more than ε), <b>reject</b> when its upper end is &lt; −ε (shown worse), otherwise
 *       <b>inconclusive</b>;</li>
 *   <li>rare-group F1 (margin δ) and each class (margin γ): <b>reject</b> when the upper end is
 *       &lt; −margin (a significant regression), otherwise pass. Rare classes have few positives and
 *       wide intervals: asking them to prove they did not fall would leave almost every round
 *       inconclusive, while a wide interval cannot veto by chance.</li>
 * </ul>
 * A hold-out that {@link Role#DECIDES} passes when every check passes, rejects when one rejects,
 * and is otherwise inconclusive, with an estimate of the size that would decide it. A hold-out
 * that may only {@link Role#VETO} (the curated part: reviews never enlarge it, so it could stay
 * inconclusive for ever) rejects on a significant regression and otherwise lets the other decide.
 * A hold-out with fewer than {@code minRecordings} recordings decides nothing: a bootstrap over a
 * handful of recordings cannot measure its own uncertainty.
 *
 * @param epsilon       macro-F1 margin
 * @param delta         rare-group-F1 margin
 * @param gamma         per-class-F1 margin
 * @param confidence    level of the two-sided intervals (each end is a one-sided test at (1 − level) / 2)
 * @param resamples     bootstrap resamples
 * @param minRecordings fewest hold-out recordings to decide on
 */
public record PromotionGate(double epsilon, double delta, double gamma, double confidence, int resamples, int minRecordings) {

    public static final PromotionGate DEFAULTS = new PromotionGate(0.01, 0.02, 0.05, 0.95, 1000, 5);

    /** What a hold-out's verdict may do. */
    public enum Role {
        /** Its verdict is the gate's: pass, reject or inconclusive. */
        DECIDES,
        /** It can only reject (on a significant regression). */
        VETO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A hold-out and what its verdict may do.
     *
     * @param part          a short key for metrics: whole, curated
     * @param reviewedShare share of reviewed clips that joins this hold-out (0: reviews never enlarge it)
     */
    public record Part(String part, PairedHoldOut holdOut, Role role, double reviewedShare) {
    }

    public PromotionGate {
        if (epsilon < 0 || delta < 0 || gamma < 0) {
            throw new IllegalArgumentException("gate margins must be >= 0, got ε " + epsilon + ", δ " + delta + ", γ " + gamma);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("gate confidence level must be in (0.5, 1), got " + confidence);
        }
        if (resamples < 100 || minRecordings < 2) {
            throw new IllegalArgumentException("gate needs >= 100 resamples and >= 2 recordings, got " + resamples + " and "
                    + minRecordings);
        }
    }

    /** Judges every part with the same resampling seed and combines the verdicts. */
    public GateDecision decide(List<Part> parts, long seed) {
        List<HoldOutVerdict> verdicts = new ArrayList<>();
        for (Part p : parts) {
            verdicts.add(judge(p.part(), p.holdOut(), p.role(), p.reviewedShare(), seed));
        }
        return GateDecision.of(verdicts, confidence, resamples);
    }

    /** One hold-out's verdict in its role. */
    public HoldOutVerdict judge(String part, PairedHoldOut h, Role role, double reviewedShare, long seed) {
        PairedBootstrap.Evidence e = PairedBootstrap.resample(h, resamples, confidence, seed);
        boolean enough = e.recordings() >= minRecordings;
        List<GateCheck> checks = new ArrayList<>();
        checks.add(nonInferiority("macro", "macro F1", e.macro(), epsilon, "ε", enough));
        if (e.rare() != null) {
            checks.add(regression("rare", null, "rare-group F1 (" + e.rareCount() + " species)", e.rare(), delta, "δ", enough));
        }
        for (int c = 0; c < h.species().size(); c++) {
            checks.add(regression("class", h.species().get(c), h.species().get(c) + " F1", e.perClass().get(c), gamma, "γ", enough,
                    h.support(c)));
        }
        boolean rejects = checks.stream().anyMatch(c -> c.verdict() == Verdict.REJECT);
        boolean undecided = checks.stream().anyMatch(c -> c.verdict() == Verdict.INCONCLUSIVE);
        Verdict verdict;
        Integer decidableAt = null;
        String note = "";
        if (rejects) {
            verdict = Verdict.REJECT;
        } else if (!undecided) {
            verdict = Verdict.PASS;
        } else if (role == Role.VETO) {
            verdict = Verdict.PASS;
            note = enough ? "no significant regression (as a veto-only part, an undecided check does not hold the round)"
                    : "too few recordings (" + e.recordings() + " < " + minRecordings + ") to veto";
        } else {
            verdict = Verdict.INCONCLUSIVE;
            if (enough) {
                decidableAt = decidableAt(e.clips(), checks);
            } else {
                decidableAt = (int) Math.ceil(e.clips() * (double) minRecordings / e.recordings());
            }
            String why = enough ? "the hold-out is too small to tell" : "too few recordings (" + e.recordings() + " < " + minRecordings
                    + ") to decide on";
            note = why + "; " + sizeAdvice(e.clips(), decidableAt, reviewedShare);
        }
        return new HoldOutVerdict(h.name(), part, role.label(), new HoldOutVerdict.Size(e.clips(), e.recordings()), verdict,
                List.copyOf(checks), decidableAt, note);
    }

    /** A check that must show the challenger no worse than −margin: pass, reject or inconclusive. */
    private GateCheck nonInferiority(String check, String name, Interval d, double margin, String symbol, boolean enough) {
        Verdict v = !enough ? Verdict.INCONCLUSIVE : d.lower() >= -margin ? Verdict.PASS
                : d.upper() < -margin ? Verdict.REJECT : Verdict.INCONCLUSIVE;
        String what = switch (v) {
            case PASS -> "no worse than the champion by more than " + symbol + " " + fmt(margin);
            case REJECT -> "worse than the champion by more than " + symbol + " " + fmt(margin);
            case INCONCLUSIVE -> enough ? "cannot tell whether it is worse by more than " + symbol + " " + fmt(margin)
                    : "not decided (too few recordings)";
        };
        return new GateCheck(check, null, d, margin, v, name + " " + d.format() + " at " + level() + ": " + what);
    }

    /** A check that only rejects: on a significant fall beyond the margin (the interval's upper end below −margin). */
    private GateCheck regression(String check, String species, String name, Interval d, double margin, String symbol, boolean enough,
                                 int... positives) {
        Verdict v = !enough ? Verdict.INCONCLUSIVE : d.upper() < -margin ? Verdict.REJECT : Verdict.PASS;
        String what = switch (v) {
            case REJECT -> "fell by more than " + symbol + " " + fmt(margin);
            case PASS -> "no significant fall beyond " + symbol + " " + fmt(margin);
            case INCONCLUSIVE -> "not decided (too few recordings)";
        };
        String support = positives.length == 0 ? "" : " (" + positives[0] + " positives)";
        return new GateCheck(check, species, d, margin, v, name + " " + d.format() + " at " + level() + support + ": " + what);
    }

    /**
     * About how many clips would make every inconclusive check decidable: an interval narrows as
     * one over the square root of the hold-out size, and must shrink until it no longer straddles
     * −margin on the side its estimate lies. Null when an estimate sits on the margin itself.
     */
    static Integer decidableAt(int clips, List<GateCheck> checks) {
        double most = 1;
        for (GateCheck c : checks) {
            if (c.verdict() != Verdict.INCONCLUSIVE) {
                continue;
            }
            Interval d = c.delta();
            double gap = d.estimate() + c.margin(); // > 0: the challenger looks no worse; < 0: worse
            double halfWidth = gap >= 0 ? d.estimate() - d.lower() : d.upper() - d.estimate();
            if (Math.abs(gap) < 1e-4) {
                return null;
            }
            most = Math.max(most, Math.pow(halfWidth / Math.abs(gap), 2));
        }
        double n = Math.ceil(clips * most);
        return n > 10_000_000 ? null : (int) n;
    }

    private static String sizeAdvice(int clips, Integer decidableAt, double reviewedShare) {
        if (decidableAt == null) {
            return "the estimate sits on the margin: no feasible hold-out would decide it";
        }
        String s = String.format(Locale.ROOT, "about %,d hold-out clips would decide it (now %,d)", decidableAt, clips);
        if (reviewedShare > 0) {
            s += String.format(Locale.ROOT, ", i.e. about %,d more reviewed clips at hold-out share %.2f",
                    (long) Math.ceil(Math.max(0, decidableAt - clips) / reviewedShare), reviewedShare);
        }
        return s;
    }

    private String level() {
        return String.format(Locale.ROOT, "%.1f", confidence * 100).replace(".0", "") + " %";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
