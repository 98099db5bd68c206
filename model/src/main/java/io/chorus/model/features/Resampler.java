package io.chorus.model.features;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc, polyphase: for a rational
 * ratio L/M each output sample is a dot product of one of L precomputed filter phases with the
 * input around it. The low-pass cut-off sits at {@link #ROLLOFF} of the lower Nyquist
 * frequency, so content above the target's Nyquist is filtered out instead of folding back
 * (alias rejection is measured in ResamplerTest). Samples outside the clip count as zero.
 *
 * <p>Flat (±0.05 dB) to about 0.85 of the lower Nyquist frequency (6.8 kHz for 16 kHz output),
 * more than 70 dB down from 8 kHz; ResamplerTest measures both. Runs on the CPU in plain Java:
 * a 3 s clip costs ~9 M multiply-adds (22,050 → 16,000 Hz), a few milliseconds, and the same
 * code serves the trainer and the stream.
 */
public final class Resampler {

    /** Cut-off as a share of the lower Nyquist frequency. */
    public static final double ROLLOFF = 0.94;
    /** Zero crossings of the sinc kept on each side (at the lower rate). */
    public static final int ZERO_CROSSINGS = 64;
    /** Kaiser window shape: about 90 dB side-lobe suppression. */
    public static final double KAISER_BETA = 12.0;

    private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int halfWidth;
    private final float[][] phases;

    private Resampler(int inRate, int outRate) {
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double scale = ROLLOFF * Math.min(1.0, (double) outRate / inRate); // cut-off in cycles per input sample × 2
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / scale);
        this.phases = new float[up][2 * halfWidth + 1];
        // Phase p serves outputs whose input position i·down/up has fractional part p/up.
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            double sum = 0;
            for (int j = -halfWidth; j <= halfWidth; j++) {
                double t = j - frac; // input-sample distance from the output instant
                double v = scale * sinc(scale * t) * kaiser(t / (halfWidth + 1));
                phases[p][j + halfWidth] = (float) v;
                sum += v;
            }
            // Unit gain at DC for every phase, so a constant stays constant.
            for (int j = 0; j < phases[p].length; j++) {
                phases[p][j] = (float) (phases[p][j] / sum);
            }
        }
    }

    /** A (cached) resampler between two rates in Hz. */
    public static Resampler between(int inRateHz, int outRateHz) {
        if (inRateHz <= 0 || outRateHz <= 0) {
            throw new IllegalArgumentException("sample rates must be > 0, got " + inRateHz + " -> " + outRateHz);
        }
        return CACHE.computeIfAbsent(((long) inRateHz << 32) | outRateHz, k -> new Resampler(inRateHz, outRateHz));
    }

    /** Output length for an input length: ceil(n · out / in). */
    public int outputLength(int inputLength) {
        return (int) (((long) inputLength * up + down - 1) / down);
    }

    /** Resamples a mono clip. Returns the input unchanged when the rates are equal. */
    public float[] apply(float[] input) {
        if (inRate == outRate) {
            return input;
        }
        int n = outputLength(input.length);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = output(input, i);
        }
        return out;
    }

    /** Output sample {@code i} of {@link #apply}: the polyphase filter, taps outside the clip count as zero. */
    private float output(float[] input, int i) {
        long position = (long) i * down;
        int centre = (int) (position / up);
        float[] h = phases[(int) (position % up)];
        int from = centre - halfWidth;
        int jStart = Math.max(0, -from);
        int jEnd = Math.min(h.length, input.length - from);
        // Four independent float sums: the CPU overlaps them (a single double sum is ~3x slower here,
        // and this loop is most of the stream processor's per-window cost at non-16 kHz rates).
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int j = jStart;
        for (; j + 3 < jEnd; j += 4) {
            int x = from + j;
            a0 += h[j] * input[x];
            a1 += h[j + 1] * input[x + 1];
            a2 += h[j + 2] * input[x + 2];
            a3 += h[j + 3] * input[x + 3];
        }
        for (; j < jEnd; j++) {
            a0 += h[j] * input[from + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /**
     * {@link #apply}{@code (input)}, bit for bit, for a clip that continues a previous one shifted by
     * {@code shiftIn} samples (sliding windows of a stream: 3 s windows every 1 s share 2 s). Outputs
     * whose filter taps lie wholly inside both clips are the same numbers computed the same way, so
     * they are copied; only the rest is computed. Falls back to {@link #apply} when the clips do not
     * overlap that way (different lengths, a shift that is not a whole number of output samples, or
     * samples in the overlap that differ).
     */
    public float[] applyAfter(float[] input, float[] previousInput, float[] previousOutput, int shiftIn) {
        int n = outputLength(input.length);
        if (inRate == outRate) {
            return input;
        }
        if (previousInput == null || previousOutput == null || previousInput.length != input.length
                || previousOutput.length != n || shiftIn <= 0 || shiftIn >= input.length || shiftIn % down != 0
                || !java.util.Arrays.equals(input, 0, input.length - shiftIn, previousInput, shiftIn, input.length)) {
            return apply(input);
        }
        int shiftOut = shiftIn / down * up;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int centre = (int) ((long) i * down / up);
            boolean insideBoth = centre >= halfWidth && centre + shiftIn + halfWidth < input.length;
            out[i] = i + shiftOut < n && insideBoth ? previousOutput[i + shiftOut] : output(input, i);
        }
        return out;
    }

    /**
     * A mono clip at any rate as exactly one model window: resampled to the model rate, then
     * trimmed or zero-padded at the end. The one place trainer and stream shape their input.
     */
    public static float[] toModelWindow(float[] clip, int clipRateHz, FeatureConfig config) {
        return fitToWindow(between(clipRateHz, config.sampleRateHz()).apply(clip), config);
    }

    /** Audio already at the model rate, trimmed or zero-padded at the end to one window. */
    public static float[] fitToWindow(float[] atModelRate, FeatureConfig config) {
        int n = config.windowSamples();
        return atModelRate.length == n ? atModelRate : java.util.Arrays.copyOf(atModelRate, n);
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Kaiser window at x in [-1, 1]. */
    private static double kaiser(double x) {
        if (Math.abs(x) > 1) {
            return 0;
        }
        return besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
