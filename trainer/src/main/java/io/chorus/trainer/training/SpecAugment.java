package io.chorus.trainer.training;

import java.util.Random;

/**
 * Training-only augmentation of the recipe, on (batch, 1, mels, frames) features in place:
 * circular time shift by U(0, frames) frames, 3 frequency masks of width ≤ 10 and 6 time masks
 * of width ≤ 30, masked cells set to 0 (the minimum after min–max scaling).
 */
public final class SpecAugment {

    public static final int FREQUENCY_MASKS = 3;
    public static final int MAX_FREQUENCY_WIDTH = 10;
    public static final int TIME_MASKS = 6;
    public static final int MAX_TIME_WIDTH = 30;

    private SpecAugment() {
    }

    public static void apply(float[] features, int batch, int mels, int frames, Random rng) {
        float[] row = new float[frames];
        for (int b = 0; b < batch; b++) {
            int base = b * mels * frames;
            int shift = rng.nextInt(frames);
            for (int m = 0; m < mels; m++) {
                int o = base + m * frames;
                System.arraycopy(features, o, row, 0, frames);
                for (int t = 0; t < frames; t++) {
                    features[o + (t + shift) % frames] = row[t];
                }
            }
            for (int k = 0; k < FREQUENCY_MASKS; k++) {
                int width = rng.nextInt(Math.min(MAX_FREQUENCY_WIDTH, mels) + 1);
                int start = rng.nextInt(mels - width + 1);
                for (int m = start; m < start + width; m++) {
                    java.util.Arrays.fill(features, base + m * frames, base + (m + 1) * frames, 0f);
                }
            }
            for (int k = 0; k < TIME_MASKS; k++) {
                int width = rng.nextInt(Math.min(MAX_TIME_WIDTH, frames) + 1);
                int start = rng.nextInt(frames - width + 1);
                for (int m = 0; m < mels; m++) {
                    java.util.Arrays.fill(features, base + m * frames + start, base + m * frames + start + width, 0f);
                }
            }
        }
    }
}
