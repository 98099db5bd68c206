package io.chorus.stream.inference;

import io.chorus.stream.windows.AudioWindow;

/** A window with the model's verdict. A Flink POJO. */
public class ScoredWindow {

    public AudioWindow window;
    /** Sigmoid score per label; null when scoring failed (see {@link #error}). */
    public float[] scores;
    public String[] labels;
    /** Effective decision threshold per label (model's, with overrides). */
    public float[] thresholds;
    /** Rare or priority species, per label. */
    public boolean[] flagged;
    public String modelName;
    public int modelVersion;
    public String device;
    public int batchSize;
    /** Wall time the batch holding this window spent in the network and front end (ns). */
    public long inferenceNanos;
    public long processedAtMillis;
    public String error;

    public ScoredWindow() {
    }

    public boolean detected(int label) {
        return scores[label] >= thresholds[label];
    }

    /** Index of the highest score. */
    public int best() {
        int b = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[b]) {
                b = i;
            }
        }
        return b;
    }
}
