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
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.kafka.TestProducers;
import io.chorus.testsupport.metrics.MetricsText;
import io.chorus.testsupport.models.TestReleases;
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
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).setConfiguration(withPrometheus()).build());

    static final int METRICS_FIRST_PORT = 19_250;

    static Configuration withPrometheus() {
        Configuration c = new Configuration();
        c.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", METRICS_FIRST_PORT + "-" + (METRICS_FIRST_PORT + 20));
        return c;
    }

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
        // The job's checkpointing (compressed as shipped) at a test's pace.
        new Checkpointing(Duration.ofMillis(300), Duration.ZERO, Checkpointing.DEFAULT_COMPRESSED).applyTo(env);
        String id = "it-" + UUID.randomUUID();
        KafkaEndpoints endpoints = new KafkaEndpoints(kafka, id, id);
        DetectionJob.build(env, endpoints.sources(), endpoints.sinks(), settings);
        job = env.executeAsync("detection-job-test");
        return job;
    }

    static DetectionJobSettings settings() {
        return DetectionJobSettings.defaults().withModelName(MODEL)
                .withInference(new InferenceSettings(16, 20, 2, "cpu", 1))
                .withWatermarks(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    /** Whole seconds an hour ago, so windows start exactly at the recorder's first sample. */
    static long alignedStart() {
        return (Instant.now().getEpochSecond() - 3600) * SECOND;
    }

    /** Publishes seconds [fromSecond, toSecond) of each recorder's audio as 1 s chunks, recorders interleaved. */
    void publish(KafkaProducer<String, AudioChunk> producer, Map<String, float[]> audio, long t0, int fromSecond, int toSecond) {
        for (int s = fromSecond; s < toSecond; s++) {
            for (Map.Entry<String, float[]> r : audio.entrySet()) {
                TestProducers.send(producer, Topics.AUDIO_CHUNKS, r.getKey(),
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
        ModelArtifact v1 = TestReleases.untrained(LABELS);
        Map<String, float[]> audio = recorders("rec-", 3, 12);
        long t0 = alignedStart();
        try (KafkaProducer<String, ModelRelease> models = TestProducers.producer(kafka, Topics.MODELS);
             KafkaProducer<String, AudioChunk> chunks = TestProducers.producer(kafka, Topics.AUDIO_CHUNKS)) {
            TestProducers.send(models, Topics.MODELS, MODEL, TestReleases.release(MODEL, 1, v1));
            publish(chunks, audio, t0, 0, 12);
            // BOAFAB always detected (threshold 0), the rare LEPLAT never (1.0); every window is
            // "uncertain" (band [0, 1)), so the review budget (6 per recorder and hour) decides.
            start(settings()
                    .withDecisions(new io.chorus.stream.inference.Decisions(Map.of("BOAFAB", 0f, "LEPLAT", 1f), Set.of()))
                    .withReview(new io.chorus.stream.review.ReviewSettings(0f, 1f, 6, 60)));

            // 12 s per recorder, 3 s windows every 1 s: windows start at 0..9 s.
            List<Detection> detections = CommittedRecords.await(kafka, Topics.DETECTIONS, d -> true, 30,
                    Duration.ofSeconds(120));
            assertThat(detections.size()).as("detections read").isEqualTo(30);
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
                    Map<String, Float> thresholds = Map.of("BOAFAB", 0f, "LEPLAT", 1f);
                    List<String> above = new ArrayList<>();
                    for (int i = 0; i < got.size(); i++) {
                        if (got.get(i).getScore() >= thresholds.getOrDefault(got.get(i).getSpeciesCode(), 0.5f)) {
                            above.add(got.get(i).getSpeciesCode());
                        }
                    }
                    assertThat(d.getDetectedSpecies()).containsExactlyElementsOf(above);
                }
            }
            System.out.println("largest score difference job vs offline: " + worst);
            assertThat(worst).as("largest score difference job vs offline").isLessThanOrEqualTo(1e-5);
        }
        // Alerts: BOAFAB at both sites (3 positives within 60 s), once each (cooldown 600 s).
        List<io.chorus.schemas.avro.SpeciesAlert> alerts = CommittedRecords.await(kafka, Topics.ALERTS,
                a -> a.getSpeciesCode().equals("BOAFAB"), 2, Duration.ofSeconds(30));
        assertThat(alerts).extracting(io.chorus.schemas.avro.SpeciesAlert::getSiteId).containsExactlyInAnyOrder("site-0", "site-1");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.getPositiveWindows()).isEqualTo(3);
            assertThat(a.getThreshold()).isZero();
            assertThat(a.getModelVersion()).isEqualTo(1);
        });
        // Review requests: 6 per recorder, each with the window's audio at 22,050 Hz, exactly as published.
        long reviewWait = System.nanoTime();
        List<io.chorus.schemas.avro.ReviewRequest> reviews = CommittedRecords.await(kafka, Topics.REVIEW_REQUESTS,
                r -> true, 18, Duration.ofSeconds(60));
        System.out.printf(java.util.Locale.ROOT, "review requests: %d read in %.1f s after the alerts%n", reviews.size(),
                (System.nanoTime() - reviewWait) / 1e9);
        // Sizes, not the records: a failure message must not print the requests' audio.
        assertThat(reviews.size()).as(() -> "review requests read; the job's counters: " + counters("reviewRequests", "windowsScored"))
                .isEqualTo(18);
        assertThat(reviews.stream().collect(Collectors.groupingBy(io.chorus.schemas.avro.ReviewRequest::getRecorderId,
                Collectors.counting())).values()).containsOnly(6L);
        for (io.chorus.schemas.avro.ReviewRequest r : reviews) {
            assertThat(r.getReason()).isEqualTo(io.chorus.schemas.avro.ReviewReason.UNCERTAIN);
            assertThat(r.getSampleRateHz()).isEqualTo(RATE);
            // The recorders send 16-bit audio: the window travels, and reaches experts, as 16-bit PCM.
            assertThat(r.getEncoding()).isEqualTo(io.chorus.schemas.avro.AudioEncoding.PCM_S16LE);
            byte[] pcm = new byte[r.getAudio().remaining()];
            r.getAudio().duplicate().get(pcm);
            assertThat(pcm.length).isEqualTo(2 * 3 * RATE);
            float[] got = io.chorus.audio.pcm.PcmSamples.decode(pcm, 0, r.getFrameCount(), 16, false);
            int from = (int) ((micros(r.getWindowStart()) - t0) * RATE / SECOND);
            assertThat(got).containsExactly(java.util.Arrays.copyOfRange(audio.get(r.getRecorderId()), from, from + 3 * RATE));
        }
        String metrics = scrapeMetrics();
        assertThat(metrics).contains("windowsScored").contains("windowsAssembled").contains("inferenceBatchSize")
                .contains("modelVersion").contains("inferenceDevice");
    }

    @Test
    void swapsInANewModelMidStreamAndRejectsBadReleases() throws Exception {
        ModelArtifact v1 = TestReleases.untrained(LABELS);
        ModelArtifact v5 = TestReleases.untrained(LABELS);
        Map<String, float[]> audio = recorders("swap-", 4, 30);
        long t0 = alignedStart();
        long v5PublishedAt;
        try (KafkaProducer<String, ModelRelease> models = TestProducers.producer(kafka, Topics.MODELS);
             KafkaProducer<String, AudioChunk> chunks = TestProducers.producer(kafka, Topics.AUDIO_CHUNKS)) {
            TestProducers.send(models, Topics.MODELS, MODEL, TestReleases.release(MODEL, 1, v1));
            start(settings());
            for (int s = 0; s < 30; s++) {
                if (s == 10) {
                    byte[] good = v5.toBytes();
                    ModelRelease wrongSha = TestReleases.release(MODEL, 2, v5);
                    wrongSha.setArtifactSha256("00" + wrongSha.getArtifactSha256().substring(2));
                    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
                    ModelRelease truncated = TestReleases.release(MODEL, 3, cut, v5.manifest());
                    List<String> sixLabels = new ArrayList<>(LABELS);
                    sixLabels.add("RHIICT");
                    byte[] sixHeaded = JobFixtures.withManifestLabels(good, sixLabels);
                    ModelRelease wrongHead = TestReleases.release(MODEL, 4, sixHeaded, ModelArtifact.fromBytes(sixHeaded).manifest());
                    for (ModelRelease bad : List.of(wrongSha, truncated, wrongHead)) {
                        TestProducers.send(models, Topics.MODELS, MODEL, bad);
                    }
                    v5PublishedAt = System.currentTimeMillis();
                    TestProducers.send(models, Topics.MODELS, MODEL, TestReleases.release(MODEL, 5, v5));
                    swapPublishedAt = v5PublishedAt;
                }
                publish(chunks, audio, t0, s, s + 1);
                Thread.sleep(400);
            }
        }
        // 30 s per recorder: windows start at 0..27 s.
        List<Detection> detections = CommittedRecords.await(kafka, Topics.DETECTIONS, d -> true, 112, Duration.ofSeconds(120));
        assertThat(detections.stream().map(Detection::getWindowId).collect(Collectors.toSet())).hasSize(112);
        assertThat(detections.size()).as("detections read").isEqualTo(112);
        assertThat(detections).as("windows scored more than 5 s after v5 was published")
                .anyMatch(d -> d.getProcessedAt().toEpochMilli() > swapPublishedAt + 5_000);
        Map<Integer, Long> byVersion = detections.stream().collect(Collectors.groupingBy(Detection::getModelVersion,
                Collectors.counting()));
        assertThat(byVersion.keySet()).as("only the good releases ever served").containsExactlyInAnyOrder(1, 5);
        for (Detection d : detections) {
            if (d.getProcessedAt().toEpochMilli() > swapPublishedAt + 5_000) {
                assertThat(d.getModelVersion()).as(d.getWindowId() + " scored more than 5 s after v5 was published")
                        .isEqualTo(5);
            }
        }
        try (WindowClassifier offline = new WindowClassifier(v5, Device.cpu())) {
            Detection last = detections.stream().filter(d -> d.getModelVersion() == 5).findFirst().orElseThrow();
            float[] expected = JobFixtures.offlineScores(offline, audio.get(last.getRecorderId()),
                    micros(last.getWindowStart()) - t0);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) last.getScores().get(i).getScore()).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    long swapPublishedAt;

    @Test
    void restartsFromACheckpointAfterATaskManagerDiesAndStillWritesEachWindowOnce(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        ModelArtifact v1 = TestReleases.untrained(LABELS);
        Map<String, float[]> audio = recorders("fail-", 3, 20);
        long t0 = alignedStart();
        try (KafkaProducer<String, ModelRelease> models = TestProducers.producer(kafka, Topics.MODELS);
             KafkaProducer<String, AudioChunk> chunks = TestProducers.producer(kafka, Topics.AUDIO_CHUNKS)) {
            TestProducers.send(models, Topics.MODELS, MODEL, TestReleases.release(MODEL, 1, v1));
            start(settings());
            publish(chunks, audio, t0, 0, 10);
            assertThat(CommittedRecords.await(kafka, Topics.DETECTIONS, d -> true, 10, Duration.ofSeconds(90)).size())
                    .as("detections before the task manager dies").isGreaterThanOrEqualTo(10);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            publish(chunks, audio, t0, 10, 20);
        }
        List<Detection> detections = CommittedRecords.await(kafka, Topics.DETECTIONS, d -> true, 54, Duration.ofSeconds(120));
        Map<String, Long> counts = detections.stream().collect(Collectors.groupingBy(Detection::getWindowId, Collectors.counting()));
        assertThat(counts).hasSize(54);
        assertThat(counts.values()).allMatch(c -> c == 1L);
    }

    @Test
    void sendsBadInputToTheDeadLetterTopicWithItsReasonAndKeepsRunning() throws Exception {
        ModelArtifact v1 = TestReleases.untrained(LABELS);
        long t0 = alignedStart();
        float[] good = JobFixtures.recorderAudio(7, 8);
        byte[] noise = new byte[200];
        new java.util.Random(3).nextBytes(noise);
        noise[0] = 7;
        try (KafkaProducer<String, ModelRelease> models = TestProducers.producer(kafka, Topics.MODELS);
             KafkaProducer<String, AudioChunk> chunks = TestProducers.producer(kafka, Topics.AUDIO_CHUNKS);
             KafkaProducer<byte[], byte[]> raw = rawProducer()) {
            TestProducers.send(models, Topics.MODELS, MODEL, TestReleases.release(MODEL, 1, v1));
            start(settings());
            for (int s = 0; s < 4; s++) {
                TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "good", JobFixtures.chunk("good", "site-a", s, t0 + s * SECOND, good, s * RATE, RATE));
            }
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), "junk".getBytes(), noise)).get();
            byte[] unknownId = {0, 0, 1, (byte) 0x86, (byte) 0x9f, 2, 4, 6};
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), "unknown-id".getBytes(), unknownId)).get();

            AudioChunk nan = JobFixtures.chunk("nan", "site-a", 0, t0, good, 0, 100);
            java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(400).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100; i++) {
                f.putFloat(i == 42 ? Float.NaN : 0.1f);
            }
            nan.setEncoding(io.chorus.schemas.avro.AudioEncoding.PCM_F32LE);
            nan.setData(java.nio.ByteBuffer.wrap(f.array()));
            TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "nan", nan);

            AudioChunk empty = JobFixtures.chunk("empty", "site-a", 0, t0, good, 0, 0);
            TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "empty", empty);

            AudioChunk huge = JobFixtures.chunk("huge", "site-a", 0, t0, good, 0, 1);
            huge.setFrameCount(8 * 1024 * 1024);
            huge.setData(java.nio.ByteBuffer.wrap(new byte[16 * 1024 * 1024]));
            try (KafkaProducer<String, AudioChunk> big = new KafkaProducer<>(bigRequests(), new org.apache.kafka.common.serialization.StringSerializer(),
                    kafka.valueSerializer(Topics.AUDIO_CHUNKS))) {
                big.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), "huge", huge)).get();
            }

            for (int s = 0; s < 3; s++) {
                TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "rate", JobFixtures.chunk("rate", "site-a", s, t0 + s * SECOND, good, s * RATE, RATE));
            }
            AudioChunk changed = JobFixtures.chunk("rate", "site-a", 3, t0 + 3 * SECOND, good, 0, 16_000);
            changed.setSampleRateHz(16_000);
            TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "rate", changed);
            TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "good", JobFixtures.chunk("good", "site-a", 2, t0 + 2 * SECOND, good, 2 * RATE, RATE));

            for (int s = 4; s < 8; s++) {
                TestProducers.send(chunks, Topics.AUDIO_CHUNKS, "good", JobFixtures.chunk("good", "site-a", s, t0 + s * SECOND, good, s * RATE, RATE));
            }
        }
        List<RejectedRecord> dead = CommittedRecords.await(kafka, Topics.AUDIO_CHUNKS_DLQ, r -> true, 7, Duration.ofSeconds(90));
        Map<String, RejectedRecord> byReason = new HashMap<>();
        dead.forEach(r -> byReason.put(r.getReasonCode(), r));
        assertThat(byReason.keySet()).containsExactlyInAnyOrder("UNKNOWN_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID",
                "NON_FINITE_SAMPLES", "EMPTY_CHUNK", "OVERSIZED_CHUNK", "SAMPLE_RATE_CHANGED", "DUPLICATE_SEQUENCE");
        assertThat(java.util.Arrays.equals(byReason.get("UNKNOWN_MAGIC_BYTE").getValue().array(), noise))
                .as("the garbage record's bytes kept in the dead letter").isTrue();
        assertThat(byReason.get("UNKNOWN_SCHEMA_ID").getReason()).contains("99999");
        assertThat(byReason.get("NON_FINITE_SAMPLES").getReason()).contains("frame 42").contains("NaN");
        assertThat(byReason.get("OVERSIZED_CHUNK").getValue()).isNull();
        assertThat(byReason.get("OVERSIZED_CHUNK").getSourceOffset()).isNotNull();
        assertThat(byReason.get("SAMPLE_RATE_CHANGED").getReason()).contains("22050 Hz to 16000 Hz");
        assertThat(byReason.get("DUPLICATE_SEQUENCE").getRecorderId()).isEqualTo("good");
        // The job kept running: every window of the good recorder (8 s: starts 0..5 s) came out.
        Set<String> goodWindows = new HashSet<>();
        CommittedRecords.await(kafka, Topics.DETECTIONS, d -> d.getRecorderId().equals("good"), 6, Duration.ofSeconds(60))
                .forEach(d -> goodWindows.add(d.getWindowId()));
        assertThat(goodWindows).hasSize(6);
    }

    KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(kafka.producer("raw", Topics.AUDIO_CHUNKS), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    Map<String, Object> bigRequests() {
        Map<String, Object> p = kafka.producer("big", Topics.AUDIO_CHUNKS);
        p.put("max.request.size", 64 * 1024 * 1024);
        p.put("buffer.memory", 128L * 1024 * 1024);
        return p;
    }

    /** Flink's Prometheus reporter listens on the first free port of the range set above. */
    static String scrapeMetrics() throws InterruptedException {
        return MetricsText.scrapeRange(METRICS_FIRST_PORT, METRICS_FIRST_PORT + 20);
    }

    /** The job's metric lines whose name contains one of these, from every Prometheus reporter port. */
    static String counters(String... names) {
        try {
            return MetricsText.linesNaming(scrapeMetrics(), names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(metrics unreadable: interrupted)";
        }
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * SECOND + t.getNano() / 1000;
    }
}
