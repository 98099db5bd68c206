package io.chorus.trainer.gate;

import io.chorus.audio.species.SpeciesGroups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Champion and challenger decisions on the same hold-out clips, with the recording each clip was
 * cut from: what the gate compares. Clips of one recording share a site, an hour, a background
 * and the calls in it, so they are not independent; the gate resamples recordings.
 *
 * @param name       the hold-out's name (e.g. {@code holdout-r0007} or its curated part)
 * @param species    class codes, in label order
 * @param recordings the recording of each clip
 * @param labels     [clip][class] 0/1
 * @param champion   [clip][class] the champion's decisions (score at or over its threshold)
 * @param challenger [clip][class] the challenger's decisions
 */
public record PairedHoldOut(String name, List<String> species, List<String> recordings, int[][] labels, boolean[][] champion,
                            boolean[][] challenger) {

    public PairedHoldOut {
        int n = recordings.size();
        if (labels.length != n || champion.length != n || challenger.length != n) {
            throw new IllegalArgumentException("hold-out " + name + ": " + n + " clips with recordings, but " + labels.length
                    + " label rows, " + champion.length + " champion rows and " + challenger.length + " challenger rows");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i].length != species.size() || champion[i].length != species.size() || challenger[i].length != species.size()) {
                throw new IllegalArgumentException("hold-out " + name + ": clip " + i + " does not have one column per class ("
                        + species.size() + ")");
            }
        }
    }

    /** Decisions from scores and per-class thresholds (score >= threshold is a detection). */
    public static PairedHoldOut of(String name, List<String> species, List<String> recordings, int[][] labels,
                                   float[][] championScores, float[] championThresholds,
                                   float[][] challengerScores, float[] challengerThresholds) {
        return new PairedHoldOut(name, species, recordings, labels, decide(championScores, championThresholds),
                decide(challengerScores, challengerThresholds));
    }

    static boolean[][] decide(float[][] scores, float[] thresholds) {
        boolean[][] out = new boolean[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            out[i] = new boolean[scores[i].length];
            for (int c = 0; c < scores[i].length; c++) {
                out[i][c] = scores[i][c] >= thresholds[c];
            }
        }
        return out;
    }

    /** The first {@code n} clips under another name (the curated part comes first in a round's hold-out). */
    public PairedHoldOut head(String partName, int n) {
        return new PairedHoldOut(partName, species, recordings.subList(0, n), java.util.Arrays.copyOf(labels, n),
                java.util.Arrays.copyOf(champion, n), java.util.Arrays.copyOf(challenger, n));
    }

    public int clips() {
        return recordings.size();
    }

    /** Indices of the classes in the rare group (the recipe's grouping). */
    public int[] rareClasses() {
        return java.util.stream.IntStream.range(0, species.size()).filter(c -> SpeciesGroups.groupOf(species.get(c)).equals("rare"))
                .toArray();
    }

    /** Positives per class. */
    public int support(int c) {
        int n = 0;
        for (int[] row : labels) {
            n += row[c];
        }
        return n;
    }

    /**
     * Confusion counts per recording: [recording][class][model 0 champion, 1 challenger][tp, fp, fn],
     * recordings in order of first appearance.
     */
    int[][][][] countsByRecording() {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String r : recordings) {
            index.putIfAbsent(r, index.size());
        }
        int[][][][] counts = new int[index.size()][species.size()][2][3];
        for (int i = 0; i < recordings.size(); i++) {
            int[][][] rec = counts[index.get(recordings.get(i))];
            for (int c = 0; c < species.size(); c++) {
                boolean actual = labels[i][c] == 1;
                count(rec[c][0], champion[i][c], actual);
                count(rec[c][1], challenger[i][c], actual);
            }
        }
        return counts;
    }

    private static void count(int[] tpFpFn, boolean predicted, boolean actual) {
        if (predicted && actual) {
            tpFpFn[0]++;
        } else if (predicted) {
            tpFpFn[1]++;
        } else if (actual) {
            tpFpFn[2]++;
        }
    }
}
