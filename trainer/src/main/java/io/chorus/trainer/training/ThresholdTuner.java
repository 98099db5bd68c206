package io.chorus.trainer.training;

import io.chorus.trainer.evaluation.MultiLabelMetrics;

/**
 * Per-class decision thresholds chosen on validation data: for each class the threshold in
 * 0.05..0.95 (step 0.05) with the best F1; 0.5 for a class without validation positives.
 */
public final class ThresholdTuner {

    private ThresholdTuner() {
    }

    public static float[] tune(float[][] scores, int[][] labels, int classes) {
        float[] out = new float[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = 0.5f;
            double best = -1;
            boolean anyPositive = false;
            for (int[] l : labels) {
                anyPositive |= l[c] == 1;
            }
            if (!anyPositive) {
                continue;
            }
            for (int step = 1; step <= 19; step++) {
                float t = step * 0.05f;
                double f1 = MultiLabelMetrics.counts(scores, labels, c, t).f1();
                if (f1 > best + 1e-12) {
                    best = f1;
                    out[c] = t;
                }
            }
        }
        return out;
    }
}
