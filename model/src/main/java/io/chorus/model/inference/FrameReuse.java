package io.chorus.model.inference;

import io.chorus.model.features.FeatureConfig;
import java.util.Arrays;

/**
 * Which log-mel frames a window shares with an earlier window of the same stream. Frame j of the
 * window reads samples [j·hop − nFft/2, j·hop + nFft/2); it equals frame j + shift/hop of the
 * earlier window when those samples lie inside both windows (no reflect padding) and are the
 * same numbers in both. The samples are compared, not assumed: at the model rate a window's first
 * and last few dozen samples depend on where it was cut (the resampler's filter reaches past the
 * clip), and a gap filled with silence or a new segment makes the audio differ.
 */
final class FrameReuse {

    private FrameReuse() {
    }

    /**
     * @return {from, to}: frames [from, to) of the window equal the earlier window's frames
     *         [from + shift/hop, to + shift/hop); null when there are none
     */
    static int[] reusable(float[] now, float[] earlier, int shift, FeatureConfig f) {
        int n = f.windowSamples();
        int hop = f.hopLengthSamples();
        int half = f.nFft() / 2;
        if (shift <= 0 || shift >= n || shift % hop != 0 || half % hop != 0 || earlier.length != n || now.length != n) {
            return null;
        }
        // The run of equal samples around the middle of the overlap: now[t] == earlier[t + shift] for t in [a, b).
        int overlap = n - shift;
        int mid = overlap / 2;
        int b = Arrays.mismatch(now, mid, overlap, earlier, mid + shift, n);
        if (b == 0) {
            return null;
        }
        b = b < 0 ? overlap : mid + b;
        int a = 0;
        for (int from = 0; ; ) {
            int k = Arrays.mismatch(now, from, mid, earlier, from + shift, mid + shift);
            if (k < 0) {
                break;
            }
            a = from + k + 1;
            from = a;
        }
        int from = Math.floorDiv(a + half + hop - 1, hop);
        int to = Math.floorDiv(b - half, hop) + 1;
        return to > from ? new int[] {from, to} : null;
    }
}
