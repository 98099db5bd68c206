package io.chorus.stream.chunks;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.schemas.pcm.PcmLayout;
import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import java.util.function.LongSupplier;

/**
 * Checks one chunk on its own (no stream context) and decodes it: a {@link Chunk} of mono float
 * samples, or a {@link Rejection} naming the field and the reason.
 */
public final class ChunkValidator {

    public static final String STAGE = "stream-processor/validate";

    private final ChunkLimits limits;
    private final LongSupplier clockMillis;

    public ChunkValidator(ChunkLimits limits, LongSupplier clockMillis) {
        this.limits = limits;
        this.clockMillis = clockMillis;
    }

    /** Either field of the result is set, never both. */
    public record Outcome(Chunk chunk, Rejection rejection) {
    }

    public Outcome check(ChunkInput in) {
        String who = "recorder " + in.recorderId + " chunk " + in.sequenceNumber;
        if (in.recorderId == null || in.recorderId.isBlank()) {
            return reject(in, ReasonCodes.MISSING_RECORDER_ID, "chunk at offset " + in.offset + " has an empty recorderId");
        }
        PcmLayout layout = PcmLayout.of(in.encoding).orElse(null);
        if (layout == null) {
            return reject(in, ReasonCodes.UNSUPPORTED_ENCODING, who + ": encoding " + in.encoding
                    + " is not supported (PCM_S16LE, PCM_S24LE, PCM_S32LE, PCM_F32LE)");
        }
        int bits = layout.bits();
        boolean floating = layout.floating();
        if (!limits.sampleRatesHz().contains(in.sampleRateHz)) {
            return reject(in, ReasonCodes.UNSUPPORTED_SAMPLE_RATE, who + ": sampleRateHz " + in.sampleRateHz
                    + " is not one of " + new java.util.TreeSet<>(limits.sampleRatesHz()));
        }
        if (in.channels < 1 || in.channels > limits.maxChannels()) {
            return reject(in, ReasonCodes.UNSUPPORTED_CHANNELS, who + ": channels " + in.channels + " is outside 1.."
                    + limits.maxChannels());
        }
        int length = in.data == null ? 0 : in.data.length;
        if (length == 0 || in.frameCount == 0) {
            return reject(in, ReasonCodes.EMPTY_CHUNK, who + ": data is empty (" + length + " bytes, frameCount "
                    + in.frameCount + ")");
        }
        double seconds = (double) in.frameCount / in.sampleRateHz;
        if (length > limits.maxChunkBytes() || seconds > limits.maxChunkSeconds()) {
            return reject(in, ReasonCodes.OVERSIZED_CHUNK, who + ": " + length + " bytes / " + String.format("%.2f", seconds)
                    + " s is over the limit of " + limits.maxChunkBytes() + " bytes / " + limits.maxChunkSeconds() + " s");
        }
        int frameBytes = in.channels * bits / 8;
        if (length % frameBytes != 0) {
            return reject(in, ReasonCodes.PARTIAL_FRAME, who + ": " + length + " data bytes are not a whole number of "
                    + frameBytes + "-byte frames (" + in.channels + " x " + in.encoding + ")");
        }
        if (in.frameCount < 0 || (long) in.frameCount * frameBytes != length) {
            return reject(in, ReasonCodes.FRAME_COUNT_MISMATCH, who + ": frameCount " + in.frameCount + " says "
                    + (long) in.frameCount * frameBytes + " bytes, data holds " + length);
        }
        long now = clockMillis.getAsLong();
        if (Math.floorDiv(in.startMicros, 1000) > now + limits.maxFutureMillis()) {
            return reject(in, ReasonCodes.FUTURE_TIMESTAMP, who + ": startTime " + java.time.Instant.ofEpochMilli(
                    Math.floorDiv(in.startMicros, 1000)) + " is more than " + limits.maxFutureMillis() / 1000
                    + " s ahead of the job's clock");
        }
        float[] interleaved;
        try {
            interleaved = PcmSamples.decode(in.data, 0, in.frameCount * in.channels, bits, floating);
        } catch (PcmSamples.NonFiniteSampleException e) {
            return reject(in, ReasonCodes.NON_FINITE_SAMPLES, who + ": frame " + e.index() / in.channels + ", channel "
                    + e.index() % in.channels + ": " + e.getMessage().replaceFirst("^sample \\d+ ", "sample "));
        }
        Chunk c = new Chunk();
        c.recorderId = in.recorderId;
        c.siteId = in.siteId == null || in.siteId.isBlank() ? "unknown-site" : in.siteId;
        c.sequenceNumber = in.sequenceNumber;
        c.startMicros = in.startMicros;
        c.sampleRateHz = in.sampleRateHz;
        c.samples = PcmSamples.downmix(interleaved, in.channels);
        c.publishedAtMillis = in.publishedAtMillis;
        c.sourceTopic = in.topic;
        c.sourcePartition = in.partition;
        c.sourceOffset = in.offset;
        return new Outcome(c, null);
    }

    private static Outcome reject(ChunkInput in, String code, String reason) {
        return new Outcome(null, in.reject(STAGE, code, reason));
    }
}
