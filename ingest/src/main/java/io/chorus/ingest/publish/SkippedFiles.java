package io.chorus.ingest.publish;

import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an audio file that cannot be published: it is logged, counted in the
 * publisher's errors by reason code, kept in a skip report and written to {@code audio.chunks.dlq}
 * (stage {@code publish}, source {@code file:<folder>}, no payload). A file never reaches
 * {@code audio.chunks}, so the detection job cannot dead-letter it: the publisher does. A strict
 * run stops at the first one instead.
 */
public final class SkippedFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkippedFiles.class);

    /** A file left out: the reason code (as counted in the metrics) and the message naming the file. */
    public record Skipped(String reasonCode, String message) {
        @Override
        public String toString() {
            return reasonCode + ": " + message;
        }
    }

    private final PublisherMetrics metrics;
    private final Producer<String, RejectedRecord> deadLetters;
    private final boolean strict;
    private final List<Skipped> skipped = new ArrayList<>();

    private SkippedFiles(PublisherMetrics metrics, Producer<String, RejectedRecord> deadLetters, boolean strict) {
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.strict = strict;
    }

    /** Skipped files dead-lettered to {@code audio.chunks.dlq} through a producer of their own. */
    public static SkippedFiles deadLettered(KafkaClientSettings kafka, String clientId, PublisherMetrics metrics, boolean strict) {
        return new SkippedFiles(metrics, new KafkaProducer<>(kafka.producer(clientId, Topics.AUDIO_CHUNKS_DLQ),
                new StringSerializer(), kafka.valueSerializer(Topics.AUDIO_CHUNKS_DLQ)), strict);
    }

    /** Skipped files counted and reported only, no Kafka (tests of the reading). */
    public static SkippedFiles reportedOnly(PublisherMetrics metrics, boolean strict) {
        return new SkippedFiles(metrics, null, strict);
    }

    /**
     * Records a file left out. @return false, what a publish of it returns
     * @throws IllegalStateException in a strict run, naming the file and the reason
     */
    boolean skip(Path file, String recorderId, String reasonCode, String reason) {
        Skipped s = new Skipped(reasonCode, reason);
        synchronized (skipped) {
            skipped.add(s);
        }
        metrics.error(reasonCode);
        LOG.warn("skipped {}", reason);
        if (deadLetters != null) {
            deadLetter(file, recorderId, s);
        }
        if (strict) {
            throw new IllegalStateException("--strict: " + reason);
        }
        return false;
    }

    /** Files skipped so far, in order. */
    public List<Skipped> all() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    private void deadLetter(Path file, String recorderId, Skipped s) {
        Path folder = file.toAbsolutePath().getParent();
        RejectedRecord r = RejectedRecord.newBuilder()
                .setSourceTopic("file:" + folder).setSourcePartition(null).setSourceOffset(null).setKey(null).setValue(null)
                .setReasonCode(s.reasonCode()).setReason(s.toString()).setStage("publish").setRecorderId(recorderId)
                .setErrorClass(null).setRejectedAt(Instant.now()).build();
        try {
            // Skips are rare; wait for the broker so a report is never lost to a crash right after.
            deadLetters.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS_DLQ.name(), recorderId, r)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            metrics.error("DLQ_WRITE_FAILED");
            LOG.error("could not dead-letter {} to {}: {}", file, Topics.AUDIO_CHUNKS_DLQ.name(), e.toString());
        }
    }

    @Override
    public void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
