package io.chorus.ingest.publish;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts recordings into ~1 s chunks keyed by recorder and publishes them in transactions
 * (idempotent, acks=all, zstd). Before a recorder's first chunk it looks up where the recorder
 * stands in the topic ({@link LastChunk}) and continues after it: chunks that start no later
 * than the last one published are already there, sequence numbers go on from the last one. A
 * restarted publisher with the same transactional id fences the old one and aborts what it left
 * open, so the topic holds every chunk exactly once. A transaction that fails for a retriable
 * reason (a broker restarting) is aborted and sent again.
 */
public final class ChunkPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkPublisher.class);
    private static final int MAX_RETRIES = 20;

    private final KafkaClientSettings kafka;
    private final PublisherSettings settings;
    private final PublisherMetrics metrics;
    private final KafkaProducer<String, AudioChunk> producer;
    private final Map<String, LastChunk> positions = new HashMap<>();
    private final List<AudioChunk> open = new ArrayList<>();

    /** @param transactionalId stable per publisher deployment, so a restart fences its previous self */
    public ChunkPublisher(KafkaClientSettings kafka, String transactionalId, PublisherSettings settings, PublisherMetrics metrics) {
        this.kafka = kafka;
        this.settings = settings;
        this.metrics = metrics;
        Map<String, Object> config = kafka.producer(transactionalId, Topics.AUDIO_CHUNKS);
        config.put("transactional.id", transactionalId);
        config.put("linger.ms", 5);
        // A chunk is ~44 KB: let a batch hold many, so a transaction is a few large requests.
        config.put("batch.size", 1024 * 1024);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), kafka.valueSerializer(Topics.AUDIO_CHUNKS));
        producer.initTransactions();
    }

    /**
     * Looks up where these recorders stand in one pass over their partitions (faster than one
     * lookup per recorder when a fleet starts). Recorders already known are left alone.
     */
    public void prefetchPositions(java.util.Collection<String> recorderIds) {
        List<String> unknown = recorderIds.stream().filter(id -> !positions.containsKey(id)).toList();
        Map<String, LastChunk> found = LastChunk.of(kafka, unknown);
        for (String id : unknown) {
            positions.put(id, found.get(id));
        }
    }

    /** Publishes a recording (what the topic already holds of it is skipped) and commits. @return chunks sent */
    public long publish(Recording r) throws InterruptedException {
        long sent = append(r);
        flush();
        return sent;
    }

    /**
     * Like {@link #publish} but leaves the last chunks open for the next {@link #flush}, so many
     * recorders' seconds can share one transaction (the simulated fleet, live inputs).
     */
    public long append(Recording r) throws InterruptedException {
        if (!positions.containsKey(r.recorderId())) {
            positions.put(r.recorderId(), LastChunk.of(kafka, r.recorderId()).orElse(null));
        }
        LastChunk last = positions.get(r.recorderId());
        int frames = (int) Math.round(settings.chunkSeconds() * r.sampleRateHz());
        long startMicros = r.start().getEpochSecond() * 1_000_000L + r.start().getNano() / 1000;
        long sent = 0;
        long wallStart = System.nanoTime();
        for (int from = 0; from < r.samples().length; from += frames) {
            int n = Math.min(frames, r.samples().length - from);
            long chunkStart = startMicros + Math.round(from * 1e6 / r.sampleRateHz());
            if (last != null && chunkStart <= last.startMicros()) {
                metrics.skippedAsPublished(r.recorderId());
                continue;
            }
            if (settings.realtime()) {
                long due = wallStart + Math.round((from + n) * 1e9 / r.sampleRateHz());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    flush();
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("publisher interrupted at chunk " + (last == null ? 0 : last.sequenceNumber() + 1));
            }
            long seq = last == null ? 0 : last.sequenceNumber() + 1;
            open.add(chunk(r, seq, chunkStart, from, n));
            last = new LastChunk(seq, chunkStart);
            positions.put(r.recorderId(), last);
            sent++;
            if (open.size() >= settings.chunksPerTransaction()) {
                flush();
            }
        }
        return sent;
    }

    private AudioChunk chunk(Recording r, long seq, long startMicros, int from, int n) {
        float[] part = java.util.Arrays.copyOfRange(r.samples(), from, from + n);
        byte[] data = settings.encoding() == AudioEncoding.PCM_F32LE ? PcmSamples.encodeFloat32(part) : PcmSamples.encode16(part);
        return AudioChunk.newBuilder()
                .setRecorderId(r.recorderId()).setSiteId(r.siteId()).setSequenceNumber(seq)
                .setStartTime(Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L), Math.floorMod(startMicros, 1_000_000L) * 1000))
                .setSampleRateHz(r.sampleRateHz()).setChannels(1).setEncoding(settings.encoding()).setFrameCount(n)
                .setData(ByteBuffer.wrap(data)).setSource(r.source()).setSourceOffsetSeconds((double) from / r.sampleRateHz())
                .setPublishedAt(Instant.now()).setAttributes(r.attributes())
                .build();
    }

    /** Commits the open chunks in one transaction; a retriable failure aborts and sends them again. */
    public void flush() {
        if (open.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                producer.beginTransaction();
                for (AudioChunk c : open) {
                    producer.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), c.getRecorderId(), c));
                }
                producer.commitTransaction();
                for (AudioChunk c : open) {
                    metrics.published(c);
                }
                open.clear();
                return;
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                throw new IllegalStateException("publisher cannot go on (" + e + "): another publisher with the same "
                        + "transactional id runs, or the cluster refused us", e);
            } catch (KafkaException e) {
                metrics.error("transaction");
                LOG.warn("transaction of {} chunks failed (attempt {}): {}; aborting and sending again", open.size(), attempt,
                        e.toString());
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    LOG.warn("abort failed too: {}", abortFailed.toString());
                }
                if (attempt >= MAX_RETRIES) {
                    throw new IllegalStateException("gave up after " + attempt + " attempts: " + e, e);
                }
            }
        }
    }

    /** Where each recorder stands (for tests and the progress line). */
    public Optional<LastChunk> position(String recorderId) {
        return Optional.ofNullable(positions.get(recorderId));
    }

    @Override
    public void close() {
        producer.close();
    }
}
