package io.chorus.model.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pass-band accuracy and alias rejection of the resampler, measured on pure tones. */
class ResamplerTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResamplerTest.class);

    static float[] tone(double hz, int rate, double seconds, double amplitude) {
        float[] x = new float[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** RMS of the middle half, away from the zero-padded edges. */
    static double rmsMiddle(float[] x) {
        double sum = 0;
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @ParameterizedTest(name = "{0} Hz -> 16 kHz keeps a {1} Hz tone")
    @CsvSource({"22050, 1000", "22050, 6500", "44100, 3000", "48000, 440", "96000, 5000", "8000, 1000"})
    void passBandTonesKeepTheirLevel(int inRate, double hz) {
        float[] in = tone(hz, inRate, 1.0, 0.5);
        float[] out = Resampler.between(inRate, 16_000).apply(in);
        double gainDb = db(rmsMiddle(out) / rmsMiddle(in));
        LOG.info("{} Hz -> 16000 Hz, {} Hz tone: gain {} dB", inRate, hz, String.format("%.4f", gainDb));
        assertThat(Math.abs(gainDb)).as("pass-band gain %.4f dB", gainDb).isLessThan(0.05);
        // The tone is where it should be: compare with the ideal tone at the output rate.
        float[] ideal = tone(hz, 16_000, 1.0, 0.5);
        double err = 0;
        for (int i = out.length / 4; i < 3 * out.length / 4; i++) {
            err = Math.max(err, Math.abs(out[i] - ideal[i]));
        }
        assertThat(err).as("max deviation from the ideal tone, amplitude 0.5").isLessThan(2e-3);
    }

    @ParameterizedTest(name = "{0} Hz: a {1} Hz tone above 8 kHz is rejected")
    @CsvSource({"22050, 10000", "22050, 9000", "44100, 15000", "48000, 12000", "96000, 20000", "96000, 40000"})
    void tonesAboveTheNewNyquistDoNotFoldBack(int inRate, double hz) {
        float[] in = tone(hz, inRate, 1.0, 0.5);
        float[] out = Resampler.between(inRate, 16_000).apply(in);
        double rejectionDb = db(rmsMiddle(out) / rmsMiddle(in));
        LOG.info("{} Hz -> 16000 Hz, {} Hz tone: alias level {} dB", inRate, hz, String.format("%.1f", rejectionDb));
        // Naive decimation would fold these tones back at full level (0 dB).
        assertThat(rejectionDb).as("alias level %.1f dB", rejectionDb).isLessThan(-70);
    }

    @Test
    void lengthsAndDcFollowTheRatio() {
        Resampler r = Resampler.between(22_050, 16_000);
        assertThat(r.outputLength(66_150)).isEqualTo(48_000); // 3 s at AnuraSet's rate
        float[] dc = new float[22_050];
        java.util.Arrays.fill(dc, 0.25f);
        float[] out = r.apply(dc);
        assertThat(out).hasSize(16_000);
        assertThat(out[8_000]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-5f));
        float[] same = new float[] {1, 2, 3};
        assertThat(Resampler.between(16_000, 16_000).apply(same)).isSameAs(same);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {22_050, 44_100, 48_000, 96_000})
    void slidingWindowsReuseThePreviousOutputBitForBit(int rate) {
        java.util.Random rng = new java.util.Random(rate);
        float[] stream = new float[5 * rate];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (float) rng.nextGaussian();
        }
        Resampler r = Resampler.between(rate, 16_000);
        float[] previous = java.util.Arrays.copyOfRange(stream, 0, 3 * rate);
        float[] previousOut = r.apply(previous);
        for (int k = 1; k <= 2; k++) {
            float[] window = java.util.Arrays.copyOfRange(stream, k * rate, (k + 3) * rate);
            float[] reused = r.applyAfter(window, previous, previousOut, rate);
            org.junit.jupiter.api.Assertions.assertArrayEquals(r.apply(window), reused, 0f, "window " + k + " at " + rate + " Hz");
            previous = window;
            previousOut = reused;
        }
    }

    @Test
    void fallsBackToAFullComputationWhenTheOverlapDiffers() {
        float[] a = new float[3 * 22_050];
        float[] b = new float[3 * 22_050];
        java.util.Arrays.fill(a, 0.25f);
        java.util.Arrays.fill(b, 0.5f);
        Resampler r = Resampler.between(22_050, 16_000);
        org.junit.jupiter.api.Assertions.assertArrayEquals(r.apply(b), r.applyAfter(b, a, r.apply(a), 22_050), 0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(r.apply(b), r.applyAfter(b, b, r.apply(b), 100), 0f);
    }

    @Test
    void aBufferGivenForTheOutputIsOverwrittenWhollyWhateverItHeld() {
        java.util.Random rng = new java.util.Random(3);
        float[] stream = new float[4 * 22_050];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (float) rng.nextGaussian();
        }
        Resampler r = Resampler.between(22_050, 16_000);
        float[] first = java.util.Arrays.copyOfRange(stream, 0, 3 * 22_050);
        float[] second = java.util.Arrays.copyOfRange(stream, 22_050, 4 * 22_050);
        float[] dirty = new float[r.outputLength(first.length)];
        java.util.Arrays.fill(dirty, Float.NaN);
        float[] out = r.apply(first, dirty);
        org.junit.jupiter.api.Assertions.assertSame(dirty, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(r.apply(first), out, 0f);

        float[] again = new float[out.length];
        java.util.Arrays.fill(again, Float.NaN);
        org.junit.jupiter.api.Assertions.assertSame(again, r.applyAfterSameOverlap(second, out, 22_050, again));
        org.junit.jupiter.api.Assertions.assertArrayEquals(r.apply(second), again, 0f);
        org.junit.jupiter.api.Assertions.assertEquals(out.length, r.apply(first, new float[7]).length, "a buffer of the wrong length is not used");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> r.applyAfterSameOverlap(second, out, 22_050, out));
    }

    /**
     * The resampler computes its output in blocks of one phase cycle (441 inputs → 320 outputs at
     * 22,050 → 16,000 Hz) and several blocks together. Delaying a clip by whole blocks moves it to
     * other positions in those groups and turns taps outside the clip into taps on zeros; every
     * output must stay the same number to the bit (the stream's overlap reuse depends on it). The
     * clip holds exact zeros and denormals, where the ±0 products show.
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "3", "4", "5", "7"})
    void outputsDoNotDependOnWhereTheClipSitsAmongTheBlocks(int blocks) {
        java.util.Random rng = new java.util.Random(blocks);
        float[] clip = new float[3 * 22_050 + 17];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = switch (i % 7) {
                case 0 -> 0f;
                case 1 -> -Float.MIN_VALUE * (1 + rng.nextInt(8));
                default -> (float) rng.nextGaussian();
            };
        }
        Resampler r = Resampler.between(22_050, 16_000);
        float[] delayed = new float[blocks * 441 + clip.length];
        System.arraycopy(clip, 0, delayed, blocks * 441, clip.length);
        float[] out = r.apply(clip);
        float[] outDelayed = r.apply(delayed);
        float[] shiftedBack = java.util.Arrays.copyOfRange(outDelayed, blocks * 320, blocks * 320 + out.length);
        for (int o = 0; o < out.length; o++) {
            if (Float.floatToRawIntBits(out[o]) != Float.floatToRawIntBits(shiftedBack[o])) {
                throw new AssertionError("output " + o + " of a clip delayed by " + blocks + " blocks: "
                        + shiftedBack[o] + " instead of " + out[o]);
            }
        }
    }
}
