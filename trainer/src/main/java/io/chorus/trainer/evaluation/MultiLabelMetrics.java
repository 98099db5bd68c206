package io.chorus.trainer.evaluation;

import io.chorus.audio.species.SpeciesGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-label metrics as the Mix2 paper reports them: per-class F1 at a threshold (default 0.5),
 * macro F1 where a class with no positives and no predictions scores 0 (torchmetrics' rule),
 * the frequent / common / rare group means, macro average precision, and macro F1 by polyphony.
 */
public final class MultiLabelMetrics {

    private MultiLabelMetrics() {
    }

    /**
     * @param scores     [clip][class] probabilities
     * @param labels     [clip][class] 0/1
     * @param thresholds per class decision threshold
     */
    public static EvaluationReport evaluate(String set, List<String> species, float[][] scores, int[][] labels, float[] thresholds) {
        int classes = species.size();
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " score rows but " + labels.length + " label rows");
        }
        List<EvaluationReport.ClassScore> perClass = new ArrayList<>();
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        Map<String, List<Double>> groupAps = new LinkedHashMap<>();
        double apSum = 0;
        int apCount = 0;
        for (int c = 0; c < classes; c++) {
            Counts n = counts(scores, labels, c, thresholds[c]);
            double f1 = n.f1();
            double ap = averagePrecision(scores, labels, c);
            if (!Double.isNaN(ap)) {
                apSum += ap;
                apCount++;
            }
            String group = SpeciesGroups.groupOf(species.get(c));
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(f1);
            List<Double> aps = groupAps.computeIfAbsent(group, g -> new ArrayList<>());
            if (!Double.isNaN(ap)) {
                aps.add(ap);
            }
            perClass.add(new EvaluationReport.ClassScore(species.get(c), group, n.tp() + n.fn(), n.tp(), n.fp(), f1, ap));
        }
        double macro = perClass.stream().mapToDouble(EvaluationReport.ClassScore::f1).average().orElse(0);
        Map<String, Double> groupMeans = new LinkedHashMap<>();
        Map<String, Double> groupApMeans = new LinkedHashMap<>();
        for (String g : List.of("frequent", "common", "rare")) {
            if (groups.containsKey(g)) {
                groupMeans.put(g, groups.get(g).stream().mapToDouble(Double::doubleValue).average().orElse(0));
                groupApMeans.put(g, groupAps.get(g).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            }
        }
        return new EvaluationReport(set, scores.length, macro, groupMeans, apCount == 0 ? Double.NaN : apSum / apCount,
                groupApMeans, expectedCalibrationError(scores, labels, 10), perClass, byPolyphony(species, scores, labels, thresholds));
    }

    /**
     * Expected calibration error of per-class probabilities: every (clip, class) pair is one binary
     * prediction; pairs are binned by probability into {@code bins} equal-width bins, and the error
     * is the pair-weighted mean of |mean probability − share of positives| over the bins. 0 for a
     * perfectly calibrated model; soft-target training (mixing) typically lowers it.
     */
    public static double expectedCalibrationError(float[][] scores, int[][] labels, int bins) {
        double[] probability = new double[bins];
        double[] positives = new double[bins];
        long[] count = new long[bins];
        long total = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int c = 0; c < scores[i].length; c++) {
                float p = scores[i][c];
                int b = Math.min(bins - 1, Math.max(0, (int) (p * bins)));
                probability[b] += p;
                positives[b] += labels[i][c];
                count[b]++;
                total++;
            }
        }
        if (total == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(probability[b] - positives[b]) / total; // = (n_b / N) · |mean p − positive share|
            }
        }
        return ece;
    }

    /** Confusion counts of one class at one threshold. */
    public record Counts(int tp, int fp, int fn) {
        /** F1; 0 without true positives (also when the class has no positives and no predictions). */
        public double f1() {
            return MultiLabelMetrics.f1(tp, fp, fn);
        }
    }

    /** F1 from confusion counts; 0 without true positives (also when a class has no positives and no predictions). */
    public static double f1(long tp, long fp, long fn) {
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    public static Counts counts(float[][] scores, int[][] labels, int c, float threshold) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i][c] >= threshold;
            boolean actual = labels[i][c] == 1;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
        }
        return new Counts(tp, fp, fn);
    }

    public static float[] uniformThresholds(int classes, float threshold) {
        float[] t = new float[classes];
        Arrays.fill(t, threshold);
        return t;
    }

    /** Mean of the precision at each positive, ranking clips by score (ties: positives last). NaN without positives. */
    static double averagePrecision(float[][] scores, int[][] labels, int c) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byScore = Float.compare(scores[b][c], scores[a][c]);
            return byScore != 0 ? byScore : Integer.compare(labels[a][c], labels[b][c]);
        });
        int positives = 0;
        double sum = 0;
        for (int rank = 0; rank < order.length; rank++) {
            if (labels[order[rank]][c] == 1) {
                positives++;
                sum += (double) positives / (rank + 1);
            }
        }
        return positives == 0 ? Double.NaN : sum / positives;
    }

    private static Map<String, Double> byPolyphony(List<String> species, float[][] scores, int[][] labels, float[] thresholds) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int level = 0; level <= 4; level++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                int present = Arrays.stream(labels[i]).sum();
                if (level < 4 ? present == level : present >= 4) {
                    rows.add(i);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            float[][] s = new float[rows.size()][];
            int[][] l = new int[rows.size()][];
            for (int k = 0; k < rows.size(); k++) {
                s[k] = scores[rows.get(k)];
                l[k] = labels[rows.get(k)];
            }
            double macro = 0;
            for (int c = 0; c < species.size(); c++) {
                macro += counts(s, l, c, thresholds[c]).f1();
            }
            out.put(level < 4 ? Integer.toString(level) : "4+", macro / species.size());
        }
        return out;
    }
}
