package io.chorus.stream.windows;

/**
 * Per-recorder assembly state: the current stream segment (a run of audio at one rate without a
 * long gap) and the last window's worth of its samples in a ring. At most one window of samples
 * per recorder is ever held. A Flink POJO (public fields, primitive arrays) for cheap snapshots.
 */
public class RecorderStream {

    /** Rate of the open segment; 0 when none is open. */
    public int sampleRateHz;
    /** Event time of the segment's sample 0 (µs). */
    public long originMicros;
    /** Samples appended to the segment so far (the next sample's index). */
    public long position;
    /**
     * The segment's last window of samples (float32, little endian), sample {@code i} at
     * {@code i % windowSamples}. Bytes rather than floats because Flink snapshots a byte array in
     * one write and a float array one float at a time, and this is most of the job's state.
     */
    public byte[] ring;
    /** Start of the next window to emit (µs, a multiple of the hop). */
    public long nextWindowStartMicros;
    /** Silence-filled sample ranges of the segment, as [from, to) pairs. */
    public long[] filled = new long[0];
    /** Next sequence number expected; -1 before the first chunk. */
    public long nextSequence = -1;
    /** Sequence ranges given up as missing, as [from, to) pairs (the most recent few). */
    public long[] skippedSequences = new long[0];
    public String siteId;

    public RecorderStream() {
    }

    public boolean segmentOpen() {
        return sampleRateHz > 0;
    }

    /** Event time just after the last appended sample (µs). */
    public long positionMicros() {
        return originMicros + Math.round(position * 1e6 / sampleRateHz);
    }

    java.nio.FloatBuffer ringView() {
        return java.nio.ByteBuffer.wrap(ring).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    int ringSamples() {
        return ring.length / Float.BYTES;
    }

    boolean wasSkipped(long sequence) {
        for (int i = 0; i < skippedSequences.length; i += 2) {
            if (sequence >= skippedSequences[i] && sequence < skippedSequences[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Remembers the last 16 ranges of sequence numbers given up, to tell late from duplicate. */
    void rememberSkipped(long from, long to) {
        int keep = Math.min(skippedSequences.length, 30);
        long[] next = new long[keep + 2];
        System.arraycopy(skippedSequences, skippedSequences.length - keep, next, 0, keep);
        next[keep] = from;
        next[keep + 1] = to;
        skippedSequences = next;
    }
}
