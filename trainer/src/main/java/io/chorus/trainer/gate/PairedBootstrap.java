package io.chorus.trainer.gate;

import io.chorus.trainer.evaluation.MultiLabelMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paired bootstrap over recordings: each resample draws as many recordings as the hold-out has,
 * with replacement, takes all clips of each drawn recording for both models, and recomputes the
 * F1 differences. Both models see the same resample (paired), so what they share (the hard
 * recordings, the easy ones) cancels; resampling recordings rather than clips keeps the
 * correlation of clips within a recording, which a clip bootstrap would ignore (and so claim too
 * much certainty). Intervals are percentile intervals; F1 by {@link MultiLabelMetrics#f1}.
 */
public final class PairedBootstrap {

    private PairedBootstrap() {
    }

    /**
     * @param clips      hold-out size in clips
     * @param recordings hold-out size in recordings
     * @param macro      Δ macro F1
     * @param rare       Δ rare-group macro F1; null when no rare species has a positive in the hold-out
     * @param rareCount  rare classes the rare mean runs over
     * @param perClass   Δ F1 per class, in label order
     */
    public record Evidence(int clips, int recordings, Interval macro, Interval rare, int rareCount, List<Interval> perClass) {
    }

    public static Evidence resample(PairedHoldOut h, int resamples, double confidence, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0.5, 1), got " + confidence);
        }
        int[][][][] counts = h.countsByRecording();
        int recordings = counts.length;
        if (recordings == 0) {
            throw new IllegalArgumentException("hold-out " + h.name() + " has no clips: nothing to compare the models on");
        }
        int classes = h.species().size();
        int[] rare = h.rareClasses();
        boolean rareChecked = Arrays.stream(rare).anyMatch(c -> h.support(c) > 0);

        int[] all = new int[recordings];
        Arrays.fill(all, 1);
        double[] observed = deltas(counts, all, classes, rare);

        double[][] draws = new double[classes + 2][resamples]; // [macro, rare, class 0 ..][resample]
        SplittableRandom random = new SplittableRandom(seed);
        int[] times = new int[recordings];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(times, 0);
            for (int i = 0; i < recordings; i++) {
                times[random.nextInt(recordings)]++;
            }
            double[] d = deltas(counts, times, classes, rare);
            for (int k = 0; k < d.length; k++) {
                draws[k][b] = d[k];
            }
        }
        double tail = (1 - confidence) / 2;
        Interval[] intervals = new Interval[draws.length];
        for (int k = 0; k < draws.length; k++) {
            Arrays.sort(draws[k]);
            intervals[k] = new Interval(observed[k], quantile(draws[k], tail), quantile(draws[k], 1 - tail));
        }
        return new Evidence(h.clips(), recordings, intervals[0], rareChecked ? intervals[1] : null, rare.length,
                List.of(Arrays.copyOfRange(intervals, 2, intervals.length)));
    }

    /** [Δ macro, Δ rare mean, Δ per class ...] over the recordings weighted by how often each was drawn. */
    private static double[] deltas(int[][][][] counts, int[] times, int classes, int[] rare) {
        double[] out = new double[classes + 2];
        double macro = 0;
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            long[] a = new long[3];
            long[] b = new long[3];
            for (int r = 0; r < counts.length; r++) {
                int w = times[r];
                if (w == 0) {
                    continue;
                }
                int[] ca = counts[r][c][0];
                int[] cb = counts[r][c][1];
                for (int k = 0; k < 3; k++) {
                    a[k] += (long) w * ca[k];
                    b[k] += (long) w * cb[k];
                }
            }
            perClass[c] = MultiLabelMetrics.f1(b[0], b[1], b[2]) - MultiLabelMetrics.f1(a[0], a[1], a[2]);
            macro += perClass[c];
        }
        out[0] = macro / classes;
        double rareSum = 0;
        for (int c : rare) {
            rareSum += perClass[c];
        }
        out[1] = rare.length == 0 ? 0 : rareSum / rare.length;
        System.arraycopy(perClass, 0, out, 2, classes);
        return out;
    }

    /** Linear interpolation between order statistics of a sorted sample. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
