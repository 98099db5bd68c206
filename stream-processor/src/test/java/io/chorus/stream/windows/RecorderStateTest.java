package io.chorus.stream.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.chunks.Chunk;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/**
 * What each recorder's state holds between chunks, and state of an earlier layout. Recorder state
 * keeps only the samples a later window needs since 0cbf486; before, it kept the whole last window
 * in a ring. A savepoint of the earlier layout must restore and go on cutting the same windows. {@code state/assemble-windows-full-ring.snapshot} was written
 * by this operator's harness at 805ea46 (the ring layout) after each recorder sent 0–3.5 s
 * (chunks 0–1, 1–2.5, 2.5–3.5 s), so window [0, 3) was out and [1, 3.5) was in the ring.
 */
class RecorderStateTest {

    static final int RATE = 1_000;
    static final long S = 1_000_000L;
    static final long T0 = 1_800_000_000L * S;

    @Test
    void betweenWindowsARecorderKeepsOnlyTheSamplesLaterWindowsNeed() {
        WindowAssembler assembler = new WindowAssembler(WindowSettings.defaults(), () -> 0L);
        RecorderStream s = new RecorderStream();
        List<Integer> windows = new java.util.ArrayList<>();
        double[][] parts = {{0, 1}, {1, 1}, {2, 1}, {3, 0.5}, {3.5, 1.5}};
        List<Integer> liveAfter = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            windows.add(assembler.append(s, chunk("pcm16", i, parts[i][0], parts[i][1])).windows.size());
            liveAfter.add(s.live.length);
        }
        assertThat(windows).containsExactly(0, 0, 1, 0, 2);
        // 16-bit samples, 2 bytes each: up to 3 s before the first window, 2 s after each window.
        assertThat(liveAfter).containsExactly(2 * RATE, 2 * 2 * RATE, 2 * 2 * RATE, 2 * 5 * RATE / 2, 2 * 2 * RATE);
    }

    @Test
    void aSnapshotOfTheWholeWindowRingLayoutRestoresAndCutsTheNextWindowsExactly() throws Exception {
        var snapshot = OperatorSnapshotUtil.readStateHandle(
                getClass().getResource("/state/assemble-windows-full-ring.snapshot").getPath());
        try (KeyedOneInputStreamOperatorTestHarness<String, Chunk, AudioWindow> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AssembleWindows(WindowSettings.defaults())), c -> c.recorderId, Types.STRING)) {
            harness.initializeState(snapshot);
            harness.open();
            for (String recorder : List.of("pcm16", "float")) {
                Chunk c = chunk(recorder, 3, 3.5, 1.5);
                harness.processElement(c, c.startMicros / 1000);
            }
            List<AudioWindow> windows = harness.extractOutputValues();
            assertThat(windows).extracting(w -> w.recorderId + "@" + (w.startMicros - T0) / S)
                    .containsExactly("pcm16@1", "pcm16@2", "float@1", "float@2");
            for (AudioWindow w : windows) {
                assertThat(w.pcmBytesPerSample).as(w.windowId).isEqualTo(w.recorderId.equals("pcm16") ? 2 : 4);
                float[] got = w.samples();
                assertThat(got).as(w.windowId).hasSize(3 * RATE);
                long first = (w.startMicros - T0) / S * RATE;
                for (int i = 0; i < got.length; i++) {
                    if (got[i] != sample(w.recorderId, first + i)) {
                        throw new AssertionError(w.windowId + ": sample " + i + " is " + got[i] + ", expected "
                                + sample(w.recorderId, first + i));
                    }
                }
            }
        }
    }

    /**
     * Recorder {@code pcm16}'s samples are exact 16-bit values that encode their own index (k / 32768,
     * k = index mod 30,000); recorder {@code float}'s are a ramp of their own time in seconds (not
     * 16-bit, above 1), so both ring encodings are covered and every window can be checked exactly.
     */
    static Chunk chunk(String recorder, long seq, double fromSecond, double seconds) {
        Chunk c = new Chunk();
        c.recorderId = recorder;
        c.siteId = "s1";
        c.sequenceNumber = seq;
        c.startMicros = T0 + Math.round(fromSecond * S);
        c.sampleRateHz = RATE;
        c.samples = new float[(int) Math.round(seconds * RATE)];
        long first = Math.round(fromSecond * RATE);
        for (int i = 0; i < c.samples.length; i++) {
            c.samples[i] = sample(recorder, first + i);
        }
        return c;
    }

    static float sample(String recorder, long index) {
        return recorder.equals("pcm16") ? (index % 30_000) / 32768f : (float) index / RATE;
    }

    @Test
    void sixteenBitRingsTakeExactlyTheSixteenBitValues() {
        float[] every = new float[65536];
        for (int k = -32768; k <= 32767; k++) {
            every[k + 32768] = k / 32768f;
        }
        assertThat(RecorderStream.exactly16Bit(every, 0, every.length)).isTrue();
        assertThat(RecorderStream.exactly16Bit(new float[]{-0f, -1f}, 0, 2)).isTrue();
        for (float odd : new float[]{0.5f / 32768, 1f, -1f - 1f / 32768, 2f, 100.25f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 3e9f}) {
            float[] x = every.clone();
            x[12345] = odd;
            assertThat(RecorderStream.exactly16Bit(x, 0, x.length)).as("%s", odd).isFalse();
            assertThat(RecorderStream.exactly16Bit(x, 12346, x.length)).as("outside the range checked: %s", odd).isTrue();
        }
    }
}
