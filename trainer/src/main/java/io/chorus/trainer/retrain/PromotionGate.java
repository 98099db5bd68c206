package io.chorus.trainer.retrain;

import io.chorus.trainer.evaluation.EvaluationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Champion/challenger gate on one hold-out: the challenger is promoted only when its macro F1 is
 * at least the champion's − ε, its rare-group F1 has not fallen by more than δ, and no class
 * with at least {@code minSupport} positives in the hold-out has fallen by more than γ (a class
 * with two positives flips between 0 and 1 on one clip, so it cannot veto alone).
 */
public record PromotionGate(double epsilon, double delta, double gamma, int minSupport) {

    public static final PromotionGate DEFAULTS = new PromotionGate(0.01, 0.02, 0.05, 5);

    public PromotionGate {
        if (epsilon < 0 || delta < 0 || gamma < 0 || minSupport < 1) {
            throw new IllegalArgumentException("gate tolerances must be >= 0 and min support >= 1, got ε " + epsilon + ", δ " + delta
                    + ", γ " + gamma + ", min support " + minSupport);
        }
    }

    /**
     * @param promote whether every check passed
     * @param failed  the checks that failed, with their numbers
     * @param passed  the checks that passed, with their numbers
     */
    public record Decision(boolean promote, List<String> failed, List<String> passed) {
        public String summary() {
            return promote ? "promoted: " + String.join("; ", passed) : "rejected: " + String.join("; ", failed);
        }

        /** Both decisions must promote; every check keeps the name of the set it was made on. */
        public static Decision all(Map<String, Decision> bySet) {
            List<String> failed = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            bySet.forEach((set, d) -> {
                d.failed().forEach(f -> failed.add(set + ": " + f));
                d.passed().forEach(p -> passed.add(set + ": " + p));
            });
            return new Decision(failed.isEmpty(), List.copyOf(failed), List.copyOf(passed));
        }
    }

    public Decision decide(EvaluationReport champion, EvaluationReport challenger) {
        if (!champion.evaluationSet().equals(challenger.evaluationSet()) || champion.clips() != challenger.clips()) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same hold-out, got "
                    + champion.evaluationSet() + " (" + champion.clips() + ") and " + challenger.evaluationSet() + " (" + challenger.clips() + ")");
        }
        List<String> failed = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        check(challenger.macroF1() >= champion.macroF1() - epsilon, failed, passed,
                "macro F1 %.4f vs champion %.4f (ε %.3f)", challenger.macroF1(), champion.macroF1(), epsilon);
        Double rareChampion = champion.groupMacroF1().get("rare");
        Double rareChallenger = challenger.groupMacroF1().get("rare");
        if (rareChampion != null && rareChallenger != null) {
            check(rareChallenger >= rareChampion - delta, failed, passed,
                    "rare F1 %.4f vs champion %.4f (δ %.3f)", rareChallenger, rareChampion, delta);
        }
        int compared = 0;
        for (int c = 0; c < champion.perClass().size(); c++) {
            EvaluationReport.ClassScore before = champion.perClass().get(c);
            EvaluationReport.ClassScore after = challenger.perClass().get(c);
            if (before.support() < minSupport) {
                continue;
            }
            compared++;
            if (after.f1() < before.f1() - gamma) {
                failed.add(String.format(Locale.ROOT, "%s F1 %.4f fell from %.4f by more than γ %.3f", after.species(), after.f1(),
                        before.f1(), gamma));
            }
        }
        if (failed.stream().noneMatch(f -> f.contains("fell from"))) {
            passed.add(String.format(Locale.ROOT, "no class with >= %d positives fell by more than γ %.3f (%d compared)", minSupport,
                    gamma, compared));
        }
        return new Decision(failed.isEmpty(), List.copyOf(failed), List.copyOf(passed));
    }

    private static void check(boolean ok, List<String> failed, List<String> passed, String format, Object... args) {
        (ok ? passed : failed).add(String.format(Locale.ROOT, format, args));
    }
}
