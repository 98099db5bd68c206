package io.chorus.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.metrics.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorder's folder on the real (embedded) broker: backlog in time order, a file that is still being written. */
class FolderPublisherTest {

    @TempDir
    Path dir;

    static byte[] wav(double seconds, float level) {
        int rate = 8_000;
        float[] x = new float[(int) (seconds * rate)];
        java.util.Arrays.fill(x, level);
        return WavCodec.encode16(new WavAudio(rate, 1, x));
    }

    FolderPublisher folder(Path in, ChunkPublisher publisher, Duration settle, SkippedFiles skipped) {
        return new FolderPublisher(in, f -> new FolderPublisher.Origin(FileNameTime.prefix(f.getFileName().toString()), "site-x"),
                ZoneOffset.UTC, settle, -1, publisher, skipped);
    }

    static SkippedFiles reportedOnly() {
        return SkippedFiles.reportedOnly(new PublisherMetrics(new PrometheusRegistry()), false);
    }

    @Test
    void publishesTheBacklogInTimeOrderAndWaitsForAFileStillBeingWritten() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("REC1_20231105_213010.wav"), wav(10, 0.2f)); // written first, recorded second
        Files.write(in.resolve("REC1_20231105_213000.wav"), wav(10, 0.1f));
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
             ChunkPublisher publisher = new ChunkPublisher(stack.clientSettings(), "folder-test",
                     new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 10), new PublisherMetrics(new PrometheusRegistry()))) {
            KafkaClientSettings kafka = stack.clientSettings();
            FolderPublisher f = folder(in, publisher, Duration.ofMillis(300), reportedOnly());
            assertThat(f.scan()).isZero(); // both just appeared: not settled yet
            Thread.sleep(400);
            assertThat(f.scan()).isEqualTo(2);

            byte[] third = wav(10, 0.3f);
            Path growing = in.resolve("REC1_20231105_213020.wav");
            Files.write(growing, java.util.Arrays.copyOf(third, third.length / 2));
            assertThat(f.scan()).isZero();
            Thread.sleep(150);
            Files.write(growing, third); // the writer finishes
            assertThat(f.scan()).isZero();
            assertThat(publisher.position("REC1").orElseThrow().sequenceNumber()).isEqualTo(19);
            Thread.sleep(400);
            assertThat(f.scan()).isEqualTo(1);

            List<AudioChunk> chunks = ChunkPublisherTest.chunksOf(kafka, "REC1", 30);
            assertThat(chunks).extracting(AudioChunk::getSequenceNumber)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 30).boxed().toList());
            assertThat(chunks.get(0).getStartTime()).isEqualTo(Instant.parse("2023-11-05T21:30:00Z"));
            assertThat(chunks.get(10).getSource()).endsWith("REC1_20231105_213010.wav");
            assertThat(chunks.get(29).getStartTime()).isEqualTo(Instant.parse("2023-11-05T21:30:29Z"));
            assertThat(f.skipped()).isEmpty();

            // Run again over the same folder (a restart): nothing twice.
            try (ChunkPublisher again = new ChunkPublisher(kafka, "folder-test",
                    new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 10), new PublisherMetrics(new PrometheusRegistry()))) {
                FolderPublisher f2 = folder(in, again, Duration.ZERO, reportedOnly());
                f2.scan();
            }
            assertThat(ChunkPublisherTest.chunksOf(kafka, "REC1", 30)).hasSize(30);
        }
    }

    @Test
    void aBadFileIsSkippedWithItsReasonDeadLetteredAndCountedOrStopsAStrictRun() throws Exception {
        Path in = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(in.resolve("REC2_20231105_213000.wav"), "not a wav at all");
        Files.write(in.resolve("REC2_20231105_213100.wav"), wav(2, 0.1f));
        Files.write(in.resolve("no-time.wav"), wav(1, 0.1f));
        PrometheusRegistry registry = new PrometheusRegistry();
        PublisherMetrics metrics = new PublisherMetrics(registry);
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
             ChunkPublisher publisher = new ChunkPublisher(stack.clientSettings(), "folder-bad",
                     new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 10), metrics);
             SkippedFiles skipped = SkippedFiles.deadLettered(stack.clientSettings(), "folder-bad-dlq", metrics, false)) {
            FolderPublisher f = folder(in, publisher, Duration.ZERO, skipped);
            assertThat(f.scan()).isEqualTo(1);
            assertThat(f.skipped()).hasSize(2);
            assertThat(String.join("\n", f.skipped())).contains("REC2_20231105_213000.wav").contains("no-time.wav")
                    .contains("NO_START_TIME");

            // Both on audio.chunks.dlq (the job never sees a file, so the publisher dead-letters it), no payload.
            List<RejectedRecord> dead = CommittedRecords.await(stack.clientSettings(), Topics.AUDIO_CHUNKS_DLQ, r -> true, 2,
                    Duration.ofSeconds(30));
            assertThat(dead).hasSize(2).allSatisfy(r -> {
                assertThat(r.getStage()).isEqualTo("publish");
                assertThat(r.getSourceTopic()).isEqualTo("file:" + in.toAbsolutePath());
                assertThat(r.getValue()).isNull();
            });
            assertThat(dead).extracting(RejectedRecord::getReasonCode).contains("NO_START_TIME").hasSize(2);
            assertThat(dead).extracting(RejectedRecord::getRecorderId).containsExactlyInAnyOrder("REC2", ""); // no prefix before a time stamp
            assertThat(dead).anySatisfy(r -> assertThat(r.getReason()).contains("REC2_20231105_213000.wav"));
            assertThat(MetricsText.value(MetricsText.of(registry), "chorus_publisher_errors_total{kind=\"NO_START_TIME\"}")).isEqualTo(1.0);

            FolderPublisher strict = folder(in, publisher, Duration.ZERO, SkippedFiles.reportedOnly(metrics, true));
            assertThatThrownBy(strict::scan).hasMessageContaining("--strict");
        }
    }
}
