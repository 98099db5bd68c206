package io.chorus.stream.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One chunk at a time: what passes (decoded, mixed to mono) and each reason a chunk is refused for. */
class ChunkValidatorTest {

    static final long NOW_MILLIS = 1_800_000_000_000L;
    final ChunkValidator validator = new ChunkValidator(ChunkLimits.defaults(), () -> NOW_MILLIS);

    /** A 16-bit chunk of {@code frames} frames, each channel c of frame i = (i + c) / 1000 full scale. */
    static ChunkInput chunk(int channels, int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                b.putShort((short) Math.round((i + c) / 1000.0 * 32768));
            }
        }
        ChunkInput in = new ChunkInput();
        in.recorderId = "rec-1";
        in.siteId = "site-a";
        in.sequenceNumber = 7;
        in.startMicros = (NOW_MILLIS - 60_000) * 1000;
        in.sampleRateHz = 22_050;
        in.channels = channels;
        in.encoding = AudioEncoding.PCM_S16LE;
        in.frameCount = frames;
        in.data = b.array();
        return in.from("audio.chunks", 3, 42, "rec-1".getBytes(), new byte[] {1});
    }

    @Test
    void aGoodChunkIsDecodedAndMixedToMonoWithItsOrigin() {
        ChunkValidator.Outcome out = validator.check(chunk(2, 100));
        assertThat(out.rejection()).isNull();
        Chunk c = out.chunk();
        assertThat(c.samples).hasSize(100);
        assertThat(c.samples[10]).isCloseTo(10.5f / 1000, org.assertj.core.data.Offset.offset(1e-4f)); // mean of both channels
        assertThat(c.recorderId).isEqualTo("rec-1");
        assertThat(c.sourcePartition).isEqualTo(3);
        assertThat(c.sourceOffset).isEqualTo(42);
        ChunkInput noSite = chunk(1, 10);
        noSite.siteId = " ";
        assertThat(validator.check(noSite).chunk().siteId).isEqualTo("unknown-site");
    }

    @Test
    void eachProblemIsRefusedWithItsReasonNamingTheChunk() {
        refused(in -> in.recorderId = "", ReasonCodes.MISSING_RECORDER_ID, "offset 42");
        refused(in -> in.encoding = null, ReasonCodes.UNSUPPORTED_ENCODING, "rec-1 chunk 7");
        refused(in -> in.sampleRateHz = 12_345, ReasonCodes.UNSUPPORTED_SAMPLE_RATE, "12345");
        refused(in -> in.channels = 9, ReasonCodes.UNSUPPORTED_CHANNELS, "channels 9");
        refused(in -> in.data = new byte[0], ReasonCodes.EMPTY_CHUNK, "0 bytes");
        refused(in -> {
            in.frameCount = 22_050 * 11;
            in.data = new byte[2 * in.frameCount];
        }, ReasonCodes.OVERSIZED_CHUNK, "11.00 s");
        refused(in -> in.data = java.util.Arrays.copyOf(in.data, in.data.length - 1), ReasonCodes.PARTIAL_FRAME, "2-byte frames");
        refused(in -> in.frameCount = 99, ReasonCodes.FRAME_COUNT_MISMATCH, "frameCount 99");
        refused(in -> in.startMicros = (NOW_MILLIS + 2 * 3_600_000L) * 1000, ReasonCodes.FUTURE_TIMESTAMP, "ahead of the job's clock");
        refused(in -> {
            in.encoding = AudioEncoding.PCM_F32LE;
            ByteBuffer b = ByteBuffer.allocate(4 * 100).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100; i++) {
                b.putFloat(i == 42 ? Float.NaN : 0f);
            }
            in.data = b.array();
        }, ReasonCodes.NON_FINITE_SAMPLES, "frame 42");
    }

    void refused(Consumer<ChunkInput> spoil, String code, String mentioned) {
        ChunkInput in = chunk(1, 100);
        spoil.accept(in);
        ChunkValidator.Outcome out = validator.check(in);
        assertThat(out.chunk()).as(code).isNull();
        Rejection r = out.rejection();
        assertThat(r.reasonCode).isEqualTo(code);
        assertThat(r.reason).as(code).contains(mentioned);
        assertThat(r.stage).isEqualTo(ChunkValidator.STAGE);
        assertThat(r.sourceOffset).isEqualTo(42);
        assertThat(r.value).as(code + ": the original bytes go to the dead letter").containsExactly(1);
    }
}
