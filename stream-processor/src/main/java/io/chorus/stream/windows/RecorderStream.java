package io.chorus.stream.windows;

/**
 * Per-recorder assembly state: the current stream segment (a run of audio at one rate without a
 * long gap) and the samples of it that a later window still needs. At most one window of samples
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
     * The segment's samples from the next window's start up to {@link #position}, in order, little
     * endian: 16-bit integers while the audio is exactly 16-bit (what field recorders send: half the
     * bytes), float32 otherwise. Only what a later window needs: between windows that is the
     * window less one hop (2 s of 3), so every checkpoint writes a third less audio than a whole
     * window per recorder would. Bytes rather than numbers because Flink snapshots a byte array in
     * one write and a float array one float at a time, and this is most of the job's state.
     */
    public byte[] live;
    /**
     * Only in state written before {@link #live} (savepoints of earlier versions): the segment's last
     * whole window, sample {@code i} at {@code i % windowSamples}. Moved into {@link #live} by
     * {@link #liveFromRing} on the recorder's next chunk, then null.
     */
    public byte[] ring;
    /**
     * Bytes per sample of {@link #live} (and of an old {@link #ring}): 2 (16-bit PCM) or 4 (float32);
     * 0, in state written before 16-bit rings, means 4.
     */
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

    int liveSamples() {
        return live.length / bytesPerSample();
    }

    /** Appends samples to {@link #live} in its encoding (a 16-bit one takes only exact 16-bit values). */
    void appendLive(float[] x, int from, int count) {
        int b = bytesPerSample();
        byte[] next = java.util.Arrays.copyOf(live, live.length + count * b);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(next, live.length, count * b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (b == 2) {
            for (int i = 0; i < count; i++) {
                out.putShort((short) (x[from + i] * 32768f));
            }
        } else {
            out.asFloatBuffer().put(x, from, count);
        }
        live = next;
    }

    /** Forgets the first {@code samples} of {@link #live} (no later window starts before them). */
    void dropLive(long samples) {
        live = java.util.Arrays.copyOfRange(live, (int) Math.min(samples, liveSamples()) * bytesPerSample(), live.length);
    }

    /**
     * State restored from a version that kept the whole last window in {@link #ring}: keeps its
     * samples from {@code nextWindowStartIndex} (the next window's first sample) to the position.
     */
    void liveFromRing(long nextWindowStartIndex) {
        int b = bytesPerSample();
        int w = ring.length / b;
        int n = (int) Math.max(0, Math.min(w, position - nextWindowStartIndex));
        live = new byte[n * b];
        for (long i = position - n; i < position; i++) {
            System.arraycopy(ring, (int) (i % w) * b, live, (int) (i - (position - n)) * b, b);
        }
        ring = null;
    }

    /** Turns 16-bit samples into float32 ones (same values) when audio 16 bits cannot hold arrives. */
    void widenLive() {
        if (bytesPerSample() == 4) {
            return;
        }
        live = io.chorus.audio.pcm.PcmSamples.encodeFloat32(io.chorus.audio.pcm.PcmSamples.decode(live, 0, liveSamples(), 16, false));
        ringBytesPerSample = 4;
    }

    /** True when every sample is exactly a 16-bit PCM value (k / 32768), so a 16-bit ring holds it losslessly. */
    static boolean exactly16Bit(float[] x, int from, int to) {
        // k survives the round trip through short exactly when it is a whole number in [-32768, 32767]
        // (NaN and infinities do not). No early exit: a branch-free loop is ~3x faster on 16-bit chunks.
        boolean exact = true;
        for (int i = from; i < to; i++) {
            float k = x[i] * 32768f;
            exact &= (float) (short) (int) k == k;
        }
        return exact;
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
