package io.chorus.stream.windows;

import java.io.Serializable;

/**
 * How recorder streams are cut into windows.
 *
 * @param windowSeconds        window length (AnuraSet: 3 s)
 * @param hopSeconds           step between window starts (AnuraSet: 1 s); windows start at whole
 *                             multiples of the hop since the epoch, so every recorder's windows line up
 * @param maxGapFillSeconds    a gap up to this long is filled with silence and flagged; a longer
 *                             one ends the window being built
 * @param toleranceMicros      start-time jitter treated as no gap / no overlap
 * @param allowedLatenessMillis a chunk whose start is this far behind the watermark is late
 * @param maxPendingChunks     chunks held per recorder while an earlier sequence number is missing
 */
public record WindowSettings(double windowSeconds, double hopSeconds, double maxGapFillSeconds, long toleranceMicros,
                             long allowedLatenessMillis, int maxPendingChunks) implements Serializable {

    public WindowSettings {
        if (windowSeconds <= 0 || hopSeconds <= 0 || hopSeconds > windowSeconds) {
            throw new IllegalArgumentException("need 0 < hop <= window, got window " + windowSeconds + " s, hop "
                    + hopSeconds + " s");
        }
        if (maxGapFillSeconds < 0 || toleranceMicros < 0 || allowedLatenessMillis < 0 || maxPendingChunks < 1) {
            throw new IllegalArgumentException("gap fill, tolerance and lateness must be >= 0 and pending chunks >= 1");
        }
    }

    public static WindowSettings defaults() {
        return new WindowSettings(3.0, 1.0, 0.5, 5_000, 60_000, 64);
    }

    public long windowMicros() {
        return Math.round(windowSeconds * 1e6);
    }

    public long hopMicros() {
        return Math.round(hopSeconds * 1e6);
    }

    public int windowSamples(int sampleRateHz) {
        return (int) Math.round(windowSeconds * sampleRateHz);
    }
}
