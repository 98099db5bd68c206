package io.chorus.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RecorderStatus;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorder health once on the real (embedded) broker and registry; the fleet endpoint over HTTP. */
class RecorderHealthServiceTest {

    @TempDir
    Path dir;

    @Test
    void showsAClippingRecorderAndOneThatWentOffline() throws Exception {
        HealthSettings settings = new HealthSettings(Duration.ofSeconds(10), Duration.ofSeconds(3), -60, 0.999);
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
             RecorderHealthService service = new RecorderHealthService(stack.clientSettings(), "health-it", dir.resolve("state"),
                     settings, "127.0.0.1", 0, 200).start()) {
            KafkaClientSettings kafka = stack.clientSettings();
            try (KafkaProducer<String, AudioChunk> p = new KafkaProducer<>(kafka.producer("test", Topics.AUDIO_CHUNKS),
                    new StringSerializer(), kafka.valueSerializer(Topics.AUDIO_CHUNKS))) {
                p.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), "quiet",
                        RecorderHealthTopologyTest.chunk("quiet", 0, 0, 0))).get();
                for (int s = 0; s <= 10; s++) {
                    p.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), "clip",
                            RecorderHealthTopologyTest.chunk("clip", s, s, 0.25))).get();
                }
            }
            HttpClient http = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + service.httpPort();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String fleet = http.send(HttpRequest.newBuilder(URI.create(url + "/recorders")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(fleet).contains("\"recorderId\":\"quiet\",\"siteId\":\"site-a\",\"status\":\"OFFLINE\"");
                assertThat(fleet).contains("\"recorderId\":\"clip\"").contains("\"clippingRatio\":0.25");
            });
            String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("chorus_recorder_clipping_ratio{recorder=\"clip\",site=\"site-a\"} 0.25")
                    .contains("chorus_recorder_online{recorder=\"quiet\",site=\"site-a\"} 0.0");

            List<RecorderHealth> reports = CommittedRecords.await(kafka, Topics.RECORDER_HEALTH,
                    r -> r.getStatus() == RecorderStatus.OFFLINE, 1, Duration.ofSeconds(30));
            assertThat(reports).anyMatch(r -> r.getRecorderId().equals("quiet") && r.getStatus() == RecorderStatus.OFFLINE);
        }
    }
}
