package io.chorus.trainer.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Constructed hold-outs with a known truth, for measuring the gate (its tests and the sizing
 * table): multi-label clips cut from recordings, and two models whose decisions are correlated
 * as two versions of one network are.
 * <ul>
 *   <li>Labels cluster by recording: a species is active in a recording with probability
 *       {@code activeShare} and then calls in a share of its clips, so its prevalence over the
 *       whole set is {@code prevalence}.</li>
 *   <li>Each model detects a positive with its true-positive rate and fires on a negative with
 *       its false-positive rate; a recording's difficulty (one draw per recording, shared by both
 *       models) moves both models' true-positive rates together.</li>
 *   <li>The models share each clip's random draw with probability {@code agreement}: the rest of
 *       the time the challenger draws anew (equal rates, different mistakes).</li>
 * </ul>
 *
 * @param species             class codes (their groups follow the recipe's grouping)
 * @param prevalence          per class: share of clips where it calls
 * @param champion            per class: the champion's true- and false-positive rates
 * @param challenger          per class: the challenger's
 * @param clipsPerRecording   clips cut from each recording
 * @param activeShare         share of recordings in which a species calls at all
 * @param difficultySpread    standard deviation of a recording's shift of both models' true-positive rates
 * @param agreement           share of draws the two models share
 */
public record SimulatedHoldOut(List<String> species, double[] prevalence, Rates champion, Rates challenger, int clipsPerRecording,
                               double activeShare,
                               double difficultySpread, double agreement) {

    /** One model's true-positive and false-positive rate per class. */
    public record Rates(double[] tpr, double[] fpr) {
    }

    /** Ten species over the three groups (4 frequent, 3 common, 3 rare), prevalence 0.40 down to 0.03. */
    public static final List<String> SPECIES = List.of("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD", "PITAZU", "DENMIN", "PHYCUV",
            "ADEDIP", "BOALUN", "SCIRIZ");
    static final double[] PREVALENCE = {0.40, 0.30, 0.25, 0.20, 0.12, 0.10, 0.08, 0.05, 0.04, 0.03};

    /** Two models equally good: true-positive rate 0.75, false-positive rate 0.05 on every class. */
    public static SimulatedHoldOut equalModels(int clipsPerRecording) {
        double[] tpr = filled(0.75);
        double[] fpr = filled(0.05);
        return new SimulatedHoldOut(SPECIES, PREVALENCE.clone(), new Rates(tpr, fpr), new Rates(tpr.clone(), fpr.clone()),
                clipsPerRecording, 0.5, 0.1, 0.8);
    }

    /** The challenger's F1 (in a large population) lower by {@code drop} on the given classes. */
    public SimulatedHoldOut withChallengerF1Drop(double drop, int... classes) {
        double[] tpr = challenger.tpr().clone();
        for (int c : classes) {
            tpr[c] = tprForF1(populationF1(prevalence[c], champion.tpr()[c], champion.fpr()[c]) - drop, prevalence[c], champion.fpr()[c]);
        }
        return new SimulatedHoldOut(species, prevalence, champion, new Rates(tpr, challenger.fpr()), clipsPerRecording, activeShare,
                difficultySpread, agreement);
    }

    /** Every class's F1 moved by {@code change} (negative: a regression of the macro F1 by that much). */
    public SimulatedHoldOut withChallengerMacroChange(double change) {
        return withChallengerF1Drop(-change, java.util.stream.IntStream.range(0, species.size()).toArray());
    }

    /** Macro F1 difference challenger − champion in a large population (what the gate estimates). */
    public double populationMacroDelta() {
        double sum = 0;
        for (int c = 0; c < species.size(); c++) {
            sum += populationF1(prevalence[c], challenger.tpr()[c], challenger.fpr()[c])
                    - populationF1(prevalence[c], champion.tpr()[c], champion.fpr()[c]);
        }
        return sum / species.size();
    }

    /** F1 from expected counts: TP = πt, FP = (1 − π)f, FN = π(1 − t). */
    static double populationF1(double prevalence, double tpr, double fpr) {
        double tp = prevalence * tpr;
        return 2 * tp / (2 * tp + (1 - prevalence) * fpr + prevalence * (1 - tpr));
    }

    /** The true-positive rate that gives F1 {@code f1} at this prevalence and false-positive rate. */
    static double tprForF1(double f1, double prevalence, double fpr) {
        double t = f1 * ((1 - prevalence) * fpr + prevalence) / (prevalence * (2 - f1));
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("no true-positive rate gives F1 " + f1 + " at prevalence " + prevalence);
        }
        return t;
    }

    /** A hold-out of {@code recordings} recordings drawn with this seed. */
    public PairedHoldOut draw(String name, int recordings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int classes = species.size();
        int n = recordings * clipsPerRecording;
        List<String> recordingOf = new ArrayList<>(n);
        int[][] labels = new int[n][classes];
        boolean[][] championSays = new boolean[n][classes];
        boolean[][] challengerSays = new boolean[n][classes];
        for (int r = 0; r < recordings; r++) {
            double shift = difficultySpread * random.nextGaussian();
            boolean[] active = new boolean[classes];
            for (int c = 0; c < classes; c++) {
                active[c] = random.nextDouble() < activeShare;
            }
            for (int k = 0; k < clipsPerRecording; k++) {
                int i = r * clipsPerRecording + k;
                recordingOf.add("rec-" + r);
                for (int c = 0; c < classes; c++) {
                    boolean positive = active[c] && random.nextDouble() < Math.min(1, prevalence[c] / activeShare);
                    labels[i][c] = positive ? 1 : 0;
                    double u = random.nextDouble();
                    double v = random.nextDouble() < agreement ? u : random.nextDouble();
                    championSays[i][c] = u < rate(positive, champion.tpr()[c], champion.fpr()[c], shift);
                    challengerSays[i][c] = v < rate(positive, challenger.tpr()[c], challenger.fpr()[c], shift);
                }
            }
        }
        return new PairedHoldOut(name, species, recordingOf, labels, championSays, challengerSays);
    }

    private static double rate(boolean positive, double tpr, double fpr, double shift) {
        return positive ? Math.max(0, Math.min(1, tpr + shift)) : fpr;
    }

    private static double[] filled(double v) {
        double[] a = new double[SPECIES.size()];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
