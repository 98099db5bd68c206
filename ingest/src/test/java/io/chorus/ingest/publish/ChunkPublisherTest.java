package io.chorus.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.embedded.kafka.EmbeddedKafkaBroker;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once publishing on the real (embedded) broker: a killed publisher resumes, a broker restart loses nothing. */
public class ChunkPublisherTest {

    static final Instant START = Instant.parse("2026-11-20T21:00:00Z");
    static final int RATE = 8_000;

    @TempDir
    Path dir;

    static Recording recording(String recorder, int seconds) {
        Random rng = new Random(seconds);
        float[] x = new float[seconds * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * rng.nextGaussian());
        }
        return new Recording(recorder, "site-a", START, RATE, x, "test:" + recorder, Map.of());
    }

    /** A recorder's committed chunks, once {@code expected} are there (and any duplicate that follows). */
    public static List<AudioChunk> chunksOf(KafkaClientSettings kafka, String recorder, int expected) {
        return CommittedRecords.await(kafka, Topics.AUDIO_CHUNKS, c -> c.getRecorderId().equals(recorder), expected, Duration.ofSeconds(30));
    }

    /** Sequence 0..count-1, each once, each 50 ms after the one before. */
    static void assertExactlyOnce(List<AudioChunk> chunks, int count) {
        // Sequence numbers only: a failure must not print the chunks' audio bytes.
        assertThat(chunks).extracting(AudioChunk::getSequenceNumber)
                .as("sequence numbers of the committed chunks")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, count).boxed().toList());
        for (AudioChunk c : chunks) {
            assertThat(c.getStartTime()).isEqualTo(START.plusMillis(50 * c.getSequenceNumber()));
            assertThat(c.getFrameCount()).isEqualTo(RATE / 20);
        }
    }

    /** 50 ms chunks paced in real time: slow enough that a kill or a broker restart lands mid-file on any machine. */
    static PublisherSettings paced(int chunksPerTransaction) {
        return new PublisherSettings(0.05, io.chorus.schemas.avro.AudioEncoding.PCM_S16LE, true, chunksPerTransaction);
    }

    @Test
    void aPublisherKilledMidFileResumesWithoutSkippingOrRepeating() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            Recording r = recording("killed", 10); // 200 chunks of 50 ms, 10 s in real time
            ChunkPublisher first = new ChunkPublisher(kafka, "publisher-test", paced(2), new PublisherMetrics(new PrometheusRegistry()));
            Thread run = new Thread(() -> {
                try {
                    first.publish(r);
                } catch (Exception e) {
                    // killed
                }
            });
            run.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> LastChunk.of(kafka, "killed").map(LastChunk::sequenceNumber).orElse(-1L) >= 50);
            run.interrupt(); // no close(): whatever it had open is left behind, as by a kill
            run.join(10_000);
            long before = LastChunk.of(kafka, "killed").orElseThrow().sequenceNumber();
            assertThat(before).isLessThan(199);

            try (ChunkPublisher second = new ChunkPublisher(kafka, "publisher-test",
                    new PublisherSettings(0.05, io.chorus.schemas.avro.AudioEncoding.PCM_S16LE, false, 2),
                    new PublisherMetrics(new PrometheusRegistry()))) {
                long sent = second.publish(r);
                // Whatever the killed one committed last is not sent again (before may lag a commit behind).
                assertThat(sent).isPositive().isLessThanOrEqualTo(199 - before);
            }
            assertExactlyOnce(chunksOf(kafka, "killed", 200), 200);
        }
    }

    @Test
    void aBrokerRestartMidRunLosesAndDoublesNothing() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            Recording fast = recording("steady", 10); // 200 chunks of 50 ms, 10 s in real time
            try (ChunkPublisher publisher = new ChunkPublisher(kafka, "publisher-restart", paced(1),
                    new PublisherMetrics(new PrometheusRegistry()))) {
                java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
                Thread run = new Thread(() -> {
                    try {
                        publisher.publish(fast);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failed.set(e); // the assertion below names it, instead of a short count 30 s later
                    }
                });
                run.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.position("steady").map(LastChunk::sequenceNumber).orElse(-1L) >= 20);
                EmbeddedKafkaBroker broker = stack.broker();
                Path data = broker.dataDir();
                int port = broker.port();
                broker.close();
                assertThat(publisher.position("steady").orElseThrow().sequenceNumber()).as("still publishing").isLessThan(199);
                Thread.sleep(2_000);
                try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(data, port)) {
                    run.join(120_000);
                    assertThat(run.isAlive()).isFalse();
                    assertThat(failed.get()).as("the publisher's failure across the broker restart").isNull();
                    assertExactlyOnce(chunksOf(kafka, "steady", 200), 200);
                }
            }
        }
    }
}
