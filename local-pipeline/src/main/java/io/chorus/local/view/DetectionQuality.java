package io.chorus.local.view;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live detection quality against the ground truth: per-species F1 over the last {@code window}
 * scored windows, macro-averaged over the species that were present or predicted in them (a
 * species absent and never predicted says nothing about the model). Also kept per model version,
 * over all windows, so a swap shows as a change.
 */
public final class DetectionQuality {

    private record Scored(Set<String> predicted, Set<String> truth) {
    }

    private final List<String> species;
    private final int window;
    private final Deque<Scored> recent = new ArrayDeque<>();
    private final Map<Integer, int[][]> byVersion = new LinkedHashMap<>(); // version -> [species][tp, fp, fn]
    private final Map<Integer, Integer> windowsByVersion = new LinkedHashMap<>();

    public DetectionQuality(List<String> species, int window) {
        this.species = List.copyOf(species);
        this.window = window;
    }

    public synchronized void add(int modelVersion, Set<String> predicted, Set<String> truth) {
        recent.addLast(new Scored(Set.copyOf(predicted), Set.copyOf(truth)));
        if (recent.size() > window) {
            recent.removeFirst();
        }
        windowsByVersion.merge(modelVersion, 1, Integer::sum);
        int[][] counts = byVersion.computeIfAbsent(modelVersion, v -> new int[species.size()][3]);
        count(counts, predicted, truth);
    }

    /** Macro F1 over the sliding window; NaN before any window. */
    public synchronized double macroF1() {
        int[][] counts = new int[species.size()][3];
        for (Scored s : recent) {
            count(counts, s.predicted(), s.truth());
        }
        return macro(counts);
    }

    public synchronized int windows() {
        return recent.size();
    }

    /** Macro F1 over all windows each model version scored, in version order. */
    public synchronized Map<Integer, Double> macroF1ByVersion() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        byVersion.forEach((v, c) -> out.put(v, macro(c)));
        return out;
    }

    /** Windows scored by each model version. */
    public synchronized Map<Integer, Integer> windowsByVersion() {
        return new LinkedHashMap<>(windowsByVersion);
    }

    /** Per species F1 over all windows of one version (NaN where it was neither present nor predicted). */
    public synchronized Map<String, Double> perSpecies(int version) {
        Map<String, Double> out = new LinkedHashMap<>();
        int[][] c = byVersion.get(version);
        for (int k = 0; k < species.size(); k++) {
            out.put(species.get(k), c == null ? Double.NaN : f1(c[k]));
        }
        return out;
    }

    private void count(int[][] counts, Set<String> predicted, Set<String> truth) {
        for (int k = 0; k < species.size(); k++) {
            boolean p = predicted.contains(species.get(k));
            boolean t = truth.contains(species.get(k));
            counts[k][p && t ? 0 : p ? 1 : t ? 2 : 0] += p || t ? 1 : 0;
        }
    }

    private static double f1(int[] c) {
        int active = c[0] + c[1] + c[2];
        return active == 0 ? Double.NaN : 2.0 * c[0] / (2.0 * c[0] + c[1] + c[2]);
    }

    private static double macro(int[][] counts) {
        double sum = 0;
        int n = 0;
        for (int[] c : counts) {
            double f = f1(c);
            if (!Double.isNaN(f)) {
                sum += f;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
