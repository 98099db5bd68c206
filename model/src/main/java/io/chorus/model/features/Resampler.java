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
    /** Outputs per block: a whole number of phase cycles (up), at least {@link #MIN_BLOCK}. */
    private final int blockOut;
    /** Inputs per block: blockOut · down / up. */
    private final int blockIn;
    /** Input index, relative to a block's first input, of the transposed table's first row. */
    private final int firstRow;
    /**
     * The transposed filter, one row per input sample of a block: row r holds, at index o, the
     * coefficient input r contributes to output o, for o in [rowStart, rowEnd) (zero elsewhere).
     */
    private final float[][] rows;
    private final int[] rowStart;
    private final int[] rowEnd;

    /** Long enough blocks for the transposed loop to run over many outputs at once. */
    private static final int MIN_BLOCK = 256;

    private Resampler(int inRate, int outRate) {
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double scale = ROLLOFF * Math.min(1.0, (double) outRate / inRate); // cut-off in cycles per input sample × 2
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / scale);
        float[][] phases = new float[up][2 * halfWidth + 1];
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
        int cycles = (MIN_BLOCK + up - 1) / up;
        this.blockOut = cycles * up;
        this.blockIn = cycles * down;
        // Output o of a block has centre c_o = floor(o·down/up) and phase (o·down) mod up (relative to the
        // block's first input); input r feeds the outputs with |c_o - r| <= halfWidth, a contiguous run.
        this.firstRow = -halfWidth;
        int rowCount = centre(blockOut - 1) + halfWidth - firstRow + 1;
        this.rows = new float[rowCount][blockOut];
        this.rowStart = new int[rowCount];
        this.rowEnd = new int[rowCount];
        for (int row = 0; row < rowCount; row++) {
            int r = row + firstRow;
            int o = 0;
            while (o < blockOut && centre(o) < r - halfWidth) {
                o++;
            }
            rowStart[row] = o;
            for (; o < blockOut && centre(o) <= r + halfWidth; o++) {
                rows[row][o] = phases[(int) ((long) o * down % up)][r - centre(o) + halfWidth];
            }
            rowEnd[row] = o;
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
        return apply(input, null);
    }

    /**
     * {@link #apply(float[])} into {@code out} when it has exactly {@link #outputLength} elements (else
     * into a new array): the stream resamples window after window into buffers it keeps.
     */
    public float[] apply(float[] input, float[] out) {
        if (inRate == outRate) {
            return input;
        }
        float[] result = outputBuffer(out, outputLength(input.length));
        compute(input, result, 0, result.length);
        return result;
    }

    private static float[] outputBuffer(float[] out, int n) {
        return out != null && out.length == n ? out : new float[n];
    }

    /**
     * Outputs {@code [from, to)} of {@link #apply}, block by block. Within a block the filter runs
     * transposed: each input sample is multiplied into the contiguous run of outputs whose taps it
     * feeds, a loop the JIT turns into SIMD (the direct form, one dot product per output, is a
     * floating-point reduction it will not vectorise). {@link #BLOCKS_AT_ONCE} blocks run together
     * so that each row of the table (~0.8 MB in all for 22,050 → 16,000 Hz) is read from memory once
     * for all of them. Every output still sums its taps in ascending input order, and a tap outside
     * the clip adds an exact zero (the sums never hold -0.0, so adding ±0 changes nothing), so an
     * output depends only on the samples under its taps: the property {@link #applyAfter} relies on.
     */
    private void compute(float[] input, float[] out, int from, int to) {
        float[] a0 = new float[blockOut];
        float[] a1 = new float[blockOut];
        float[] a2 = new float[blockOut];
        float[] a3 = new float[blockOut];
        float[][] acc = {a0, a1, a2, a3};
        long blockEnd = ((long) to + blockOut - 1) / blockOut;
        for (long q0 = from / blockOut; q0 < blockEnd; q0 += BLOCKS_AT_ONCE) {
            int blocks = (int) Math.min(BLOCKS_AT_ONCE, blockEnd - q0);
            for (float[] a : acc) {
                java.util.Arrays.fill(a, 0f);
            }
            long first = q0 * blockIn + firstRow; // input under row 0 of block q0
            for (int row = 0; row < rows.length; row++) {
                long i = first + row;
                float x0 = sample(input, i);
                float x1 = blocks > 1 ? sample(input, i + blockIn) : 0f;
                float x2 = blocks > 2 ? sample(input, i + 2L * blockIn) : 0f;
                float x3 = blocks > 3 ? sample(input, i + 3L * blockIn) : 0f;
                if (x0 == 0f && x1 == 0f && x2 == 0f && x3 == 0f) {
                    continue; // adds exactly nothing; silence-filled gaps cost nothing
                }
                float[] h = rows[row];
                // Same index on every array: the JIT can vectorise without proving they differ.
                for (int o = rowStart[row], end = rowEnd[row]; o < end; o++) {
                    float c = h[o];
                    a0[o] += c * x0;
                    a1[o] += c * x1;
                    a2[o] += c * x2;
                    a3[o] += c * x3;
                }
            }
            for (int b = 0; b < blocks; b++) {
                long q = q0 + b;
                int lo = (int) Math.max(from, q * blockOut);
                int hi = (int) Math.min(to, (q + 1) * blockOut);
                if (hi > lo) {
                    System.arraycopy(acc[b], (int) (lo - q * blockOut), out, lo, hi - lo);
                }
            }
        }
    }

    /** Blocks {@link #compute} runs together (the number of accumulators in its inner loop). */
    private static final int BLOCKS_AT_ONCE = 4;

    /** Input sample i, or zero outside the clip. */
    private static float sample(float[] input, long i) {
        return i >= 0 && i < input.length ? input[(int) i] : 0f;
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
        if (previousInput == null || previousInput.length != input.length || shiftIn <= 0 || shiftIn >= input.length
                || !java.util.Arrays.equals(input, 0, input.length - shiftIn, previousInput, shiftIn, input.length)) {
            return apply(input);
        }
        return applyAfterSameOverlap(input, previousOutput, shiftIn);
    }

    /**
     * {@link #applyAfter} for a caller that has already checked that {@code input} starts with the
     * previous clip's last {@code input.length - shiftIn} samples (the stream compares the windows'
     * PCM bytes and need not keep the previous clip as floats). Still falls back to {@link #apply}
     * when the shift is not a whole number of output samples or the previous output does not fit.
     */
    public float[] applyAfterSameOverlap(float[] input, float[] previousOutput, int shiftIn) {
        return applyAfterSameOverlap(input, previousOutput, shiftIn, null);
    }

    /**
     * {@link #applyAfterSameOverlap(float[], float[], int)} into {@code out} when it has exactly
     * {@link #outputLength} elements (else into a new array); {@code out} must not be {@code previousOutput}.
     */
    public float[] applyAfterSameOverlap(float[] input, float[] previousOutput, int shiftIn, float[] out) {
        int n = outputLength(input.length);
        if (inRate == outRate) {
            return input;
        }
        if (previousOutput == null || previousOutput.length != n || shiftIn <= 0 || shiftIn >= input.length || shiftIn % down != 0) {
            return apply(input, out);
        }
        if (out == previousOutput) {
            throw new IllegalArgumentException("the output buffer is the previous output");
        }
        int shiftOut = shiftIn / down * up;
        // Reusable: taps inside both clips, i.e. halfWidth <= centre and centre + shiftIn + halfWidth < length.
        // Centres grow with the output index, so that is one run [reuseFrom, reuseTo).
        int reuseFrom = 0;
        while (reuseFrom < n && centre(reuseFrom) < halfWidth) {
            reuseFrom++;
        }
        int reuseTo = Math.max(reuseFrom, n - shiftOut);
        while (reuseTo > reuseFrom && centre(reuseTo - 1) + shiftIn + halfWidth >= input.length) {
            reuseTo--;
        }
        float[] result = outputBuffer(out, n);
        compute(input, result, 0, reuseFrom);
        System.arraycopy(previousOutput, reuseFrom + shiftOut, result, reuseFrom, reuseTo - reuseFrom);
        compute(input, result, reuseTo, n);
        return result;
    }

    /** Input sample at the centre of an output's taps (relative to the same origin). */
    private int centre(int output) {
        return (int) ((long) output * down / up);
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
