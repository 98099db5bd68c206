package io.chorus.trainer.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores of one model on one data set.
 *
 * @param evaluationSet   name of the set
 * @param clips           clips scored
 * @param macroF1         mean F1 over all classes (a class with no positives and no predictions scores 0)
 * @param groupMacroF1    macro F1 per group: frequent, common, rare
 * @param macroAp         mean average precision over classes that have positives
 * @param groupMacroAp    macro AP per group (classes with positives; NaN for a group without any)
 * @param calibrationError expected calibration error of the probabilities over all (clip, class) pairs, 10 equal bins
 * @param perClass        per-species counts and F1, in label order
 * @param byPolyphony     macro F1 over clips with 0, 1, 2, 3 and 4+ species present
 */
public record EvaluationReport(String evaluationSet, int clips, double macroF1, Map<String, Double> groupMacroF1,
                               double macroAp, Map<String, Double> groupMacroAp, double calibrationError, List<ClassScore> perClass,
                               Map<String, Double> byPolyphony) {

    /** One species: support (positives), true/false positives, F1 and average precision (NaN without positives). */
    public record ClassScore(String species, String group, int support, int truePositives, int falsePositives,
                             double f1, double averagePrecision) {
    }

    /** A readable table: headline, groups, polyphony, then one line per class. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d clips  macro F1 %.3f  macro AP %.3f  ECE %.4f%n", evaluationSet, clips, macroF1,
                macroAp, calibrationError));
        sb.append(String.format(Locale.ROOT, "  groups   frequent %.3f  common %.3f  rare %.3f%n",
                groupMacroF1.getOrDefault("frequent", Double.NaN), groupMacroF1.getOrDefault("common", Double.NaN),
                groupMacroF1.getOrDefault("rare", Double.NaN)));
        sb.append(String.format(Locale.ROOT, "  group AP frequent %.3f  common %.3f  rare %.3f%n",
                groupMacroAp.getOrDefault("frequent", Double.NaN), groupMacroAp.getOrDefault("common", Double.NaN),
                groupMacroAp.getOrDefault("rare", Double.NaN)));
        List<String> poly = new ArrayList<>();
        byPolyphony.forEach((k, v) -> poly.add(String.format(Locale.ROOT, "%s: %.3f", k, v)));
        sb.append("  polyphony ").append(String.join("  ", poly)).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "  %-8s %-8s %7s %5s %5s %6s %6s%n", "species", "group", "support", "TP", "FP", "F1", "AP"));
        for (ClassScore c : perClass) {
            sb.append(String.format(Locale.ROOT, "  %-8s %-8s %7d %5d %5d %6.3f %6.3f%n", c.species(), c.group(), c.support(),
                    c.truePositives(), c.falsePositives(), c.f1(), c.averagePrecision()));
        }
        return sb.toString();
    }
}
