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
    public float[] samples;
    public float gapFilledSeconds;
    /** Publisher's send time of the chunk that completed the window (ms), 0 when unknown. */
    public long lastChunkPublishedAtMillis;
    /** Wall clock when the window was complete in the job (ms). */
    public long assembledAtMillis;

    public AudioWindow() {
    }

    public static String idOf(String recorderId, long startMicros) {
        return recorderId + "/" + startMicros;
    }

    public long endMillis() {
        return Math.floorDiv(endMicros, 1000);
    }
}
