package io.chorus.trainer.training;

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
                int tp = 0;
                int fpfn = 0;
                for (int i = 0; i < scores.length; i++) {
                    boolean p = scores[i][c] >= t;
                    boolean a = labels[i][c] == 1;
                    if (p && a) {
                        tp++;
                    } else if (p || a) {
                        fpfn++;
                    }
                }
                double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fpfn);
                if (f1 > best + 1e-12) {
                    best = f1;
                    out[c] = t;
                }
            }
        }
        return out;
    }
}
