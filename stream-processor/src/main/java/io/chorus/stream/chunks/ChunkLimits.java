package io.chorus.stream.chunks;

import java.io.Serializable;
import java.util.Set;

/**
 * What a chunk may look like before it is accepted.
 *
 * @param maxChunkSeconds    longest chunk accepted (publishers send ~1 s)
 * @param maxChunkBytes      largest PCM payload accepted
 * @param sampleRatesHz      accepted sample rates
 * @param maxChannels        most interleaved channels accepted
 * @param maxFutureMillis    how far ahead of the job's clock a chunk's start may be (recorder clock skew)
 */
public record ChunkLimits(double maxChunkSeconds, int maxChunkBytes, Set<Integer> sampleRatesHz, int maxChannels,
                          long maxFutureMillis) implements Serializable {

    public static final Set<Integer> COMMON_RATES = Set.of(8_000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100,
            48_000, 88_200, 96_000, 192_000);

    public static ChunkLimits defaults() {
        return new ChunkLimits(10.0, 4 * 1024 * 1024, COMMON_RATES, 8, 3_600_000L);
    }
}
