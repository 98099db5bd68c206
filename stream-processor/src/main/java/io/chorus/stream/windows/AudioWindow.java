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
     * The samples as 32-bit little-endian floats (PCM_F32LE, mono). Bytes rather than floats: Flink
     * serializes a byte array in one write (network, checkpoints), a float array one float at a time.
     */
    public byte[] pcmFloat32;
    public float gapFilledSeconds;
    /** Publisher's send time of the chunk that completed the window (ms), 0 when unknown. */
    public long lastChunkPublishedAtMillis;
    /** Wall clock when the window was complete in the job (ms). */
    public long assembledAtMillis;

    public AudioWindow() {
    }

    public int frameCount() {
        return pcmFloat32.length / Float.BYTES;
    }

    /** Decodes the samples (a copy). */
    public float[] samples() {
        float[] out = new float[frameCount()];
        java.nio.ByteBuffer.wrap(pcmFloat32).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public static String idOf(String recorderId, long startMicros) {
        return recorderId + "/" + startMicros;
    }

    public long endMillis() {
        return Math.floorDiv(endMicros, 1000);
    }
}
