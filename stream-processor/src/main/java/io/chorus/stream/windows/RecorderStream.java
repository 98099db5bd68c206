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
     * The segment's last window of samples, little endian, sample {@code i} at
     * {@code i % windowSamples}: 16-bit integers while the audio is exactly 16-bit (what field
     * recorders send: half the bytes to checkpoint every second), float32 otherwise. Bytes rather
     * than numbers because Flink snapshots a byte array in one write and a float array one float at
     * a time, and this is most of the job's state.
     */
    public byte[] ring;
    /** Bytes per ring sample: 2 (16-bit PCM) or 4 (float32); 0, in state written before 16-bit rings, means 4. */
    public int ringBytesPerSample;
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

    int bytesPerSample() {
        return ringBytesPerSample == 2 ? 2 : 4;
    }

    int ringSamples() {
        return ring.length / bytesPerSample();
    }

    /** Writes samples at a ring index, in the ring's encoding (a 16-bit ring takes only exact 16-bit values). */
    void putRing(int at, float[] x, int from, int count) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ring).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (bytesPerSample() == 2) {
            java.nio.ShortBuffer shorts = b.asShortBuffer();
            for (int i = 0; i < count; i++) {
                shorts.put(at + i, (short) (x[from + i] * 32768f));
            }
        } else {
            b.asFloatBuffer().put(at, x, from, count);
        }
    }

    /** Turns a 16-bit ring into a float32 one (same samples) when audio 16 bits cannot hold arrives. */
    void widenRing() {
        if (bytesPerSample() == 4) {
            return;
        }
        ring = io.chorus.audio.pcm.PcmSamples.encodeFloat32(io.chorus.audio.pcm.PcmSamples.decode(ring, 0, ringSamples(), 16, false));
        ringBytesPerSample = 4;
    }

    /** True when every sample is exactly a 16-bit PCM value (k / 32768), so a 16-bit ring holds it losslessly. */
    static boolean exactly16Bit(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float k = x[i] * 32768f;
            if (k != (float) Math.rint(k) || k < -32768f || k > 32767f) {
                return false;
            }
        }
        return true;
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
