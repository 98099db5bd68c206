package io.chorus.stream.chunks;

/**
 * A validated audio chunk, decoded to mono float samples in [-1, 1] at the recorder's native
 * rate (multi-channel input is averaged). A Flink POJO.
 */
public class Chunk {

    public String recorderId;
    public String siteId;
    public long sequenceNumber;
    /** Event time of the first sample, microseconds since the epoch. */
    public long startMicros;
    public int sampleRateHz;
    public float[] samples;
    /** When the publisher sent it (wall clock, ms); 0 when unknown. */
    public long publishedAtMillis;
    /** Where the record was read, so a later rejection can point at the original bytes. */
    public String sourceTopic;
    public int sourcePartition = -1;
    public long sourceOffset = -1;

    public Chunk() {
    }

    public long startMillis() {
        return Math.floorDiv(startMicros, 1000);
    }
}
