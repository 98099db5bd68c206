package io.chorus.stream.job;

import static io.chorus.stream.job.JobFixtures.LABELS;
import static io.chorus.stream.job.JobFixtures.MODEL;
import static io.chorus.stream.job.JobFixtures.RATE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.SpeciesScore;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.stream.inference.InferenceSettings;
import io.chorus.stream.kafka.KafkaEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection job on a real Flink MiniCluster against a real (embedded) Kafka broker and our
 * registry: no mocks. Each test gets a fresh broker so topics start empty.
 */
class DetectionJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;
    EmbeddedStack stack;
    KafkaClientSettings kafka;
    JobClient job;

    @BeforeEach
    void startStack() {
        stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
        kafka = stack.clientSettings();
    }

    @AfterEach
    void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        stack.close();
    }

    JobClient start(DetectionJobSettings settings) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.setString("state.backend.type", "hashmap");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        String id = "it-" + UUID.randomUUID();
        KafkaEndpoints endpoints = new KafkaEndpoints(kafka, id, id);
        DetectionJob.build(env, endpoints.sources(), endpoints.sinks(), settings);
        job = env.executeAsync("detection-job-test");
        return job;
    }

    static DetectionJobSettings settings() {
        DetectionJobSettings d = DetectionJobSettings.defaults().withModelName(MODEL)
                .withInference(new InferenceSettings(16, 20, 2, "cpu", 1));
        return new DetectionJobSettings(d.modelName(), d.chunkLimits(), d.windows(), d.inference(), d.decisions(), d.alerts(),
                d.review(), d.maxWaitingWindows(), Duration.ofMillis(500), Duration.ofSeconds(1), d.inferenceTimeout(),
                d.inFlightPerInstance());
    }

    /** Whole seconds an hour ago, so windows start exactly at the recorder's first sample. */
    static long alignedStart() {
        return (Instant.now().getEpochSecond() - 3600) * SECOND;
    }

    /** Publishes seconds [fromSecond, toSecond) of each recorder's audio as 1 s chunks, recorders interleaved. */
    void publish(KafkaProducer<String, AudioChunk> producer, Map<String, float[]> audio, long t0, int fromSecond, int toSecond) {
        for (int s = fromSecond; s < toSecond; s++) {
            for (Map.Entry<String, float[]> r : audio.entrySet()) {
                JobFixtures.send(producer, Topics.AUDIO_CHUNKS, r.getKey(),
                        JobFixtures.chunk(r.getKey(), "site-" + r.getKey().charAt(r.getKey().length() - 1) % 2, s,
                                t0 + s * SECOND, r.getValue(), s * RATE, RATE));
            }
        }
    }

    static Map<String, float[]> recorders(String prefix, int n, double seconds) {
        Map<String, float[]> audio = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            audio.put(prefix + i, JobFixtures.recorderAudio(100 + i, seconds));
        }
        return audio;
    }

    @Test
    void scoresEveryWindowExactlyOnceAsTheOfflinePredictorDoes() throws Exception {
        ModelArtifact v1 = JobFixtures.randomModel(LABELS);
        try (KafkaProducer<String, ModelRelease> models = JobFixtures.producer(kafka, Topics.MODELS);
             KafkaProducer<String, AudioChunk> chunks = JobFixtures.producer(kafka, Topics.AUDIO_CHUNKS)) {
            JobFixtures.send(models, Topics.MODELS, MODEL, JobFixtures.release(MODEL, 1, v1));
            Map<String, float[]> audio = recorders("rec-", 3, 12);
            long t0 = alignedStart();
            publish(chunks, audio, t0, 0, 12);
            start(settings());

            // 12 s per recorder, 3 s windows every 1 s: windows start at 0..9 s.
            List<Detection> detections = JobFixtures.readCommitted(kafka, Topics.DETECTIONS, d -> true, 30,
                    Duration.ofSeconds(120));
            assertThat(detections).hasSize(30);
            assertThat(detections.stream().map(Detection::getWindowId).collect(Collectors.toSet())).hasSize(30);
            double worst = 0;
            try (WindowClassifier offline = new WindowClassifier(v1, Device.cpu())) {
                for (Detection d : detections) {
                    long offset = micros(d.getWindowStart()) - t0;
                    assertThat(offset % SECOND).isZero();
                    assertThat(offset / SECOND).isBetween(0L, 9L);
                    assertThat(micros(d.getWindowEnd()) - micros(d.getWindowStart())).isEqualTo(3 * SECOND);
                    float[] expected = JobFixtures.offlineScores(offline, audio.get(d.getRecorderId()), offset);
                    List<SpeciesScore> got = d.getScores();
                    assertThat(got).extracting(SpeciesScore::getSpeciesCode).containsExactlyElementsOf(LABELS);
                    for (int i = 0; i < expected.length; i++) {
                        worst = Math.max(worst, Math.abs(expected[i] - got.get(i).getScore()));
                    }
                    assertThat(d.getModelVersion()).isEqualTo(1);
                    assertThat(d.getGapFilledSeconds()).isZero();
                    List<String> above = new ArrayList<>();
                    for (int i = 0; i < got.size(); i++) {
                        if (got.get(i).getScore() >= 0.5f) {
                            above.add(got.get(i).getSpeciesCode());
                        }
                    }
                    assertThat(d.getDetectedSpecies()).containsExactlyElementsOf(above);
                }
            }
            assertThat(worst).as("largest score difference job vs offline").isLessThanOrEqualTo(1e-5);
        }
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * SECOND + t.getNano() / 1000;
    }
}
