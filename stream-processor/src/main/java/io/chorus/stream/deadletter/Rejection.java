package io.chorus.stream.deadletter;

import io.chorus.schemas.avro.RejectedRecord;
import java.nio.ByteBuffer;

/**
 * A record the job could not use, on its way to {@code audio.chunks.dlq}: what it was, where it
 * came from and why it was refused. A Flink POJO (public fields) so it travels between operators
 * without Kryo; {@link #toAvro()} turns it into the topic's {@link RejectedRecord}.
 */
public class Rejection {

    /** Values larger than this are not copied into the DLQ; their source coordinates are. */
    public static final int MAX_KEPT_VALUE_BYTES = 4 * 1024 * 1024;

    public String sourceTopic;
    /** -1 when it did not come straight from Kafka. */
    public int sourcePartition = -1;
    /** -1 when it did not come straight from Kafka. */
    public long sourceOffset = -1;
    public byte[] key;
    public byte[] value;
    public String reasonCode;
    public String reason;
    public String stage;
    public String recorderId;
    public String errorClass;
    public long rejectedAtMillis;

    public Rejection() {
    }

    public static Rejection of(String sourceTopic, String stage, String reasonCode, String reason) {
        Rejection r = new Rejection();
        r.sourceTopic = sourceTopic;
        r.stage = stage;
        r.reasonCode = reasonCode;
        r.reason = reason;
        r.rejectedAtMillis = System.currentTimeMillis();
        return r;
    }

    public Rejection at(int partition, long offset) {
        this.sourcePartition = partition;
        this.sourceOffset = offset;
        return this;
    }

    public Rejection forRecorder(String recorder) {
        this.recorderId = recorder;
        return this;
    }

    public Rejection causedBy(Throwable error) {
        this.errorClass = error == null ? null : error.getClass().getName();
        return this;
    }

    /** Keeps the original bytes unless the value is too large for the DLQ, which the reason then says. */
    public Rejection withBytes(byte[] originalKey, byte[] originalValue) {
        this.key = originalKey;
        if (originalValue != null && originalValue.length > MAX_KEPT_VALUE_BYTES) {
            this.value = null;
            this.reason = reason + " (original value of " + originalValue.length + " bytes not copied here: over "
                    + MAX_KEPT_VALUE_BYTES + "; read it at its source offset)";
        } else {
            this.value = originalValue;
        }
        return this;
    }

    public RejectedRecord toAvro() {
        return RejectedRecord.newBuilder()
                .setSourceTopic(sourceTopic)
                .setSourcePartition(sourcePartition < 0 ? null : sourcePartition)
                .setSourceOffset(sourceOffset < 0 ? null : sourceOffset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReasonCode(reasonCode)
                .setReason(reason)
                .setStage(stage)
                .setRecorderId(recorderId)
                .setErrorClass(errorClass)
                .setRejectedAt(java.time.Instant.ofEpochMilli(rejectedAtMillis))
                .build();
    }

    @Override
    public String toString() {
        return reasonCode + " at " + stage + (recorderId == null ? "" : " (recorder " + recorderId + ")") + ": " + reason;
    }
}
