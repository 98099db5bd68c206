package io.chorus.stream.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.chunks.Chunk;
import io.chorus.stream.deadletter.Rejection;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Window assembly in Flink's keyed operator harness: order, gaps, duplicates, rate changes, lateness. */
class AssembleWindowsTest {

    static final int RATE = 1_000; // small rate: 3 s windows of 3,000 samples
    static final long S = 1_000_000L;
    static final long T0 = 1_800_000_000L * S;

    KeyedOneInputStreamOperatorTestHarness<String, Chunk, AudioWindow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AssembleWindows(WindowSettings.defaults()),
                c -> c.recorderId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** Second {@code second} of a ramp signal whose sample value encodes its own time, so windows can be checked exactly. */
    static Chunk chunk(long seq, double fromSecond, double seconds, int rate) {
        Chunk c = new Chunk();
        c.recorderId = "r1";
        c.siteId = "s1";
        c.sequenceNumber = seq;
        c.startMicros = T0 + Math.round(fromSecond * S);
        c.sampleRateHz = rate;
        c.samples = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < c.samples.length; i++) {
            c.samples[i] = (float) (fromSecond + (double) i / rate);
        }
        return c;
    }

    void send(Chunk c) throws Exception {
        harness.processElement(c, c.startMicros / 1000);
    }

    /** Snapshots the operator, closes it and opens a fresh one from the snapshot, as a restore would. */
    void restartFromASnapshot() throws Exception {
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new AssembleWindows(WindowSettings.defaults())),
                c -> c.recorderId, Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
    }

    List<AudioWindow> windows() {
        return harness.extractOutputValues();
    }

    List<String> rejections() {
        Queue<StreamRecord<Rejection>> side = harness.getSideOutput(AssembleWindows.REJECTED);
        return side == null ? List.of() : side.stream().map(r -> r.getValue().reasonCode).toList();
    }

    @Test
    void cutsThreeSecondWindowsEverySecondFromChunksOfAnyLength() throws Exception {
        double[] lengths = {0.7, 1.3, 0.25, 2.75, 1.0}; // 6 s in all
        double t = 0;
        for (int i = 0; i < lengths.length; i++) {
            send(chunk(i, t, lengths[i], RATE));
            t += lengths[i];
        }
        assertThat(windows()).extracting(w -> (w.startMicros - T0) / S).containsExactly(0L, 1L, 2L, 3L);
        for (AudioWindow w : windows()) {
            assertThat(w.samples()).hasSize(3 * RATE);
            double start = (w.startMicros - T0) / (double) S;
            assertThat((double) w.samples()[0]).isCloseTo(start, org.assertj.core.data.Offset.offset(1e-4));
            assertThat((double) w.samples()[2999]).isCloseTo(start + 2.999, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(w.endMicros - w.startMicros).isEqualTo(3 * S);
            assertThat(w.windowId).isEqualTo("r1/" + w.startMicros);
            assertThat(w.gapFilledSeconds).isZero();
        }
        assertThat(rejections()).isEmpty();
    }

    @Test
    void putsOutOfOrderChunksBackInSequence() throws Exception {
        send(chunk(0, 0, 1, RATE));
        send(chunk(2, 2, 1, RATE));
        send(chunk(1, 1, 1, RATE));
        send(chunk(4, 4, 1, RATE));
        send(chunk(3, 3, 1, RATE));
        assertThat(windows()).extracting(w -> (w.startMicros - T0) / S).containsExactly(0L, 1L, 2L);
        assertThat((double) windows().get(0).samples()[1500]).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(rejections()).isEmpty();
    }

    @Test
    void fillsAShortGapWithFlaggedSilenceAndEndsTheWindowOnALongOne() throws Exception {
        send(chunk(0, 0, 1, RATE));
        send(chunk(1, 1.3, 1.7, RATE)); // 0.3 s missing: filled
        assertThat(windows()).hasSize(1);
        assertThat(windows().get(0).gapFilledSeconds).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(windows().get(0).samples()[1100]).isZero();

        send(chunk(2, 5, 4, RATE)); // 2 s missing: the open window is dropped, assembly restarts at 5 s
        assertThat(windows()).extracting(w -> (w.startMicros - T0) / S).containsExactly(0L, 5L, 6L);
        assertThat(windows().get(1).gapFilledSeconds).isZero();
    }

    @Test
    void rejectsDuplicatesRateChangesAndLateChunks() throws Exception {
        send(chunk(0, 0, 1, RATE));
        send(chunk(1, 1, 1, RATE));
        send(chunk(1, 1, 1, RATE));
        assertThat(rejections()).containsExactly("DUPLICATE_SEQUENCE");

        send(chunk(2, 2, 1, 2_000));
        assertThat(rejections()).containsExactly("DUPLICATE_SEQUENCE", "SAMPLE_RATE_CHANGED");
        send(chunk(3, 3, 3, 2_000)); // the stream restarts at the new rate
        assertThat(windows()).extracting(w -> w.sampleRateHz).containsExactly(2_000);

        harness.processWatermark(T0 / 1000 + 200_000); // 200 s later: lateness is 60 s
        send(chunk(9, 10, 1, 2_000));
        assertThat(rejections()).last().isEqualTo("LATE_CHUNK");
    }

    @Test
    void givesUpAMissingChunkWhenTheWatermarkPassesAndRejectsItIfItComesLater() throws Exception {
        send(chunk(0, 0, 1, RATE));
        send(chunk(2, 1, 3, RATE)); // sequence 1 is missing (no time gap)
        assertThat(windows()).isEmpty();
        harness.processWatermark(T0 / 1000 + 1_000);
        assertThat(windows()).extracting(w -> (w.startMicros - T0) / S).containsExactly(0L, 1L);
        send(chunk(1, 0.5, 0.5, RATE));
        assertThat(rejections()).containsExactly("LATE_CHUNK");
    }

    @Test
    void keepsAssemblingAfterARestoreFromASnapshot() throws Exception {
        send(chunk(0, 0, 1, RATE));
        send(chunk(1, 1, 1, RATE));
        restartFromASnapshot();
        send(chunk(1, 1, 1, RATE));
        send(chunk(2, 2, 1, RATE));
        assertThat(rejections()).containsExactly("DUPLICATE_SEQUENCE");
        assertThat(windows()).hasSize(1);
        assertThat((double) windows().get(0).samples()[0]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    /** One second of exactly 16-bit audio (k / 32768), distinct per second. */
    static Chunk chunk16(long seq, int second) {
        Chunk c = chunk(seq, second, 1, RATE);
        for (int i = 0; i < c.samples.length; i++) {
            c.samples[i] = ((second * 7919 + i * 31) % 65536 - 32768) / 32768f;
        }
        return c;
    }

    static float[] concat(Chunk... chunks) {
        float[] out = new float[0];
        for (Chunk c : chunks) {
            float[] next = java.util.Arrays.copyOf(out, out.length + c.samples.length);
            System.arraycopy(c.samples, 0, next, out.length, c.samples.length);
            out = next;
        }
        return out;
    }

    @Test
    void sixteenBitAudioTakesHalfTheBytesAcrossARestoreAndWidensLosslesslyWhenFinerAudioArrives() throws Exception {
        Chunk a = chunk16(0, 0);
        Chunk b = chunk16(1, 1);
        Chunk c = chunk16(2, 2);
        send(a);
        send(b);
        restartFromASnapshot();
        send(c);
        AudioWindow first = windows().get(0);
        assertThat(first.pcmBytesPerSample).isEqualTo(2);
        assertThat(first.pcm).hasSize(2 * 3 * RATE);
        assertThat(first.samples()).containsExactly(concat(a, b, c));

        Chunk fine = chunk(3, 3, 1, RATE);
        for (int i = 0; i < fine.samples.length; i++) {
            fine.samples[i] = 0.1f + i * 1e-6f; // not a 16-bit value
        }
        send(fine);
        AudioWindow second = windows().get(1);
        assertThat(second.pcmBytesPerSample).isEqualTo(4);
        assertThat(second.samples()).containsExactly(concat(b, c, fine));
    }
}
