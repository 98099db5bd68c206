package io.chorus.trainer.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Training-only augmentation of the recipe, on (batch, 1, mels, frames) features in place:
 * circular time shift by U(0, frames) frames, 3 frequency masks and 6 time masks, masked cells set
 * to 0 (the minimum after min–max scaling).
 *
 * <p>Mask widths are the recipe's as <em>fractions of the input</em> (≤ 10/128 of the mel bands,
 * ≤ 30/376 of the frames), so every front end masks the share the recipe masks at 128 × 376
 * (about 30 % of the cells); fixed widths in bins erased half of a 64 × 188 input. The official
 * code draws one shift and one set of masks per batch ({@link Mode#PER_BATCH}); per example is
 * stronger and kept as an option.
 */
public final class SpecAugment {

    public static final int FREQUENCY_MASKS = 3;
    public static final int TIME_MASKS = 6;
    /** The recipe's widest frequency mask as a share of its 128 mel bands. */
    public static final double MAX_FREQUENCY_SHARE = 10.0 / 128;
    /** The recipe's widest time mask as a share of its 376 frames. */
    public static final double MAX_TIME_SHARE = 30.0 / 376;

    /** Off, one draw for the whole batch (the recipe's), or one draw per example. */
    public enum Mode {
        OFF, PER_BATCH, PER_EXAMPLE;

        /** off, per-batch or per-example. */
        public static Mode parse(String s) {
            String v = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            return switch (v) {
                case "off", "none" -> OFF;
                case "per-batch", "batch" -> PER_BATCH;
                case "per-example", "example" -> PER_EXAMPLE;
                default -> throw new IllegalArgumentException("SpecAugment mode must be off, per-batch or per-example, got '" + s + "'");
            };
        }

        /** As written on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private SpecAugment() {
    }

    /** Widest frequency mask for an input of {@code mels} bands (the recipe's 10 at 128). */
    public static int maxFrequencyWidth(int mels) {
        return Math.min(mels, (int) Math.round(MAX_FREQUENCY_SHARE * mels));
    }

    /** Widest time mask for an input of {@code frames} frames (the recipe's 30 at 376). */
    public static int maxTimeWidth(int frames) {
        return Math.min(frames, (int) Math.round(MAX_TIME_SHARE * frames));
    }

    public static void apply(Mode mode, float[] features, int batch, int mels, int frames, Random rng) {
        if (mode == Mode.OFF) {
            return;
        }
        Draw shared = mode == Mode.PER_BATCH ? Draw.of(mels, frames, rng) : null;
        float[] row = new float[frames];
        for (int b = 0; b < batch; b++) {
            Draw d = shared != null ? shared : Draw.of(mels, frames, rng);
            int base = b * mels * frames;
            for (int m = 0; m < mels; m++) {
                int o = base + m * frames;
                System.arraycopy(features, o, row, 0, frames);
                for (int t = 0; t < frames; t++) {
                    features[o + (t + d.shift) % frames] = row[t];
                }
            }
            for (int k = 0; k < FREQUENCY_MASKS; k++) {
                for (int m = d.freqStart[k]; m < d.freqStart[k] + d.freqWidth[k]; m++) {
                    Arrays.fill(features, base + m * frames, base + (m + 1) * frames, 0f);
                }
            }
            for (int k = 0; k < TIME_MASKS; k++) {
                for (int m = 0; m < mels; m++) {
                    int o = base + m * frames + d.timeStart[k];
                    Arrays.fill(features, o, o + d.timeWidth[k], 0f);
                }
            }
        }
    }

    /** One shift and one set of masks. */
    private record Draw(int shift, int[] freqStart, int[] freqWidth, int[] timeStart, int[] timeWidth) {
        static Draw of(int mels, int frames, Random rng) {
            int shift = rng.nextInt(frames);
            int[] fs = new int[FREQUENCY_MASKS];
            int[] fw = new int[FREQUENCY_MASKS];
            for (int k = 0; k < FREQUENCY_MASKS; k++) {
                fw[k] = rng.nextInt(maxFrequencyWidth(mels) + 1);
                fs[k] = rng.nextInt(mels - fw[k] + 1);
            }
            int[] ts = new int[TIME_MASKS];
            int[] tw = new int[TIME_MASKS];
            for (int k = 0; k < TIME_MASKS; k++) {
                tw[k] = rng.nextInt(maxTimeWidth(frames) + 1);
                ts[k] = rng.nextInt(frames - tw[k] + 1);
            }
            return new Draw(shift, fs, fw, ts, tw);
        }
    }
}
