package io.chorus.stream.chunks;

import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.stream.deadletter.Rejection;

/**
 * What the source hands the job for one Kafka record: the chunk's fields as read, or the
 * rejection saying why it could not be read. Never an exception: an unreadable record must not
 * fail the job. A flat Flink POJO (no Avro object inside) so it needs no Kryo.
 */
public class ChunkInput {

    /** Why the record could not be read; null when it was. */
    public Rejection rejection;

    public String recorderId;
    public String siteId;
    public long sequenceNumber;
    public long startMicros;
    public int sampleRateHz;
    public int channels;
    public AudioEncoding encoding;
    public int frameCount;
    public byte[] data;
    public long publishedAtMillis;

    // Where it came from, for the DLQ.
    public String topic;
    public int partition = -1;
    public long offset = -1;
    public byte[] key;
    public byte[] value;

    public ChunkInput() {
    }

    public static ChunkInput read(AudioChunk chunk) {
        ChunkInput in = new ChunkInput();
        in.recorderId = chunk.getRecorderId();
        in.siteId = chunk.getSiteId();
        in.sequenceNumber = chunk.getSequenceNumber();
        in.startMicros = micros(chunk.getStartTime());
        in.sampleRateHz = chunk.getSampleRateHz();
        in.channels = chunk.getChannels();
        in.encoding = chunk.getEncoding();
        in.frameCount = chunk.getFrameCount();
        java.nio.ByteBuffer data = chunk.getData();
        in.data = new byte[data.remaining()];
        data.duplicate().get(in.data);
        in.publishedAtMillis = chunk.getPublishedAt() == null ? 0 : chunk.getPublishedAt().toEpochMilli();
        return in;
    }

    public ChunkInput from(String topic, int partition, long offset, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        return this;
    }

    public static ChunkInput unreadable(Rejection rejection) {
        ChunkInput in = new ChunkInput();
        in.rejection = rejection;
        in.topic = rejection.sourceTopic;
        in.partition = rejection.sourcePartition;
        in.offset = rejection.sourceOffset;
        return in;
    }

    /** A rejection for this record at a later stage, carrying its original bytes and coordinates. */
    public Rejection reject(String stage, String reasonCode, String reason) {
        return Rejection.of(topic, stage, reasonCode, reason).at(partition, offset).forRecorder(recorderId)
                .withBytes(key, value);
    }

    static long micros(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
