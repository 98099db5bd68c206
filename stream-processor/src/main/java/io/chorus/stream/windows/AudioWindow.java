package io.chorus.stream.windows;

/** One window of one recorder's audio at its native rate, mono. A Flink POJO. */
public class AudioWindow {

    /** {@code recorderId/windowStartMicros}: the same window always gets the same id. */
    public String windowId;
    public String recorderId;
    public String siteId;
    public long startMicros;
    public long endMicros;
    public int sampleRateHz;
    /**
     * The samples, mono, little endian: 16-bit PCM when the recorder's audio is exactly 16-bit
     * (PCM_S16LE: half the bytes through the network and the in-flight part of each checkpoint),
     * float32 otherwise (PCM_F32LE). Bytes rather than numbers: Flink serializes a byte array in one
     * write (network, checkpoints), a float array one float at a time.
     */
    public byte[] pcm;
    /** 2 (PCM_S16LE) or 4 (PCM_F32LE). */
    public int pcmBytesPerSample = 4;
    public float gapFilledSeconds;
    /** Publisher's send time of the chunk that completed the window (ms), 0 when unknown. */
    public long lastChunkPublishedAtMillis;
    /** Wall clock when the window was complete in the job (ms). */
    public long assembledAtMillis;

    public AudioWindow() {
    }

    public int frameCount() {
        return pcm.length / pcmBytesPerSample;
    }

    /** Decodes the samples to floats in [-1, 1] (a copy). */
    public float[] samples() {
        return io.chorus.audio.pcm.PcmSamples.decode(pcm, 0, frameCount(), 8 * pcmBytesPerSample, pcmBytesPerSample == 4);
    }

    /** {@link #samples()} into {@code buffer} when it has exactly {@link #frameCount()} elements, else into a new array. */
    public float[] samples(float[] buffer) {
        int n = frameCount();
        return io.chorus.audio.pcm.PcmSamples.decodeInto(pcm, 0, n, 8 * pcmBytesPerSample, pcmBytesPerSample == 4,
                buffer != null && buffer.length == n ? buffer : new float[n]);
    }

    public static String idOf(String recorderId, long startMicros) {
        return recorderId + "/" + startMicros;
    }

    public long endMillis() {
        return Math.floorDiv(endMicros, 1000);
    }
}
