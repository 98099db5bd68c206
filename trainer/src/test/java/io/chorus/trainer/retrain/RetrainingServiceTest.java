package io.chorus.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.release.ModelReleases;
import io.chorus.model.release.ReleaseTooLargeException;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.http.LocalHttp;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.metrics.MetricsText;
import io.chorus.testsupport.waits.Waits;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.data.SkipReport;
import io.chorus.trainer.release.ModelDirectory;
import io.chorus.trainer.release.Rollback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining service's life on the embedded broker and registry: bootstrap, one round at a
 * time, a round with nothing new, rollback, a release too large to send, a second trainer. Each
 * test builds its own line (fresh broker, the releases it needs, its own model directory); v1 comes
 * from {@link RetrainFixture#bootstrap()}, a real bootstrap round run once per JVM. The gate's
 * verdicts on real challengers are in {@link ChallengerVerdictTest}.
 */
class RetrainingServiceTest {

    @TempDir
    Path dir;

    static int cli(String... args) {
        return new picocli.CommandLine(new io.chorus.trainer.cli.TrainerCommand()).execute(args);
    }

    @Test
    void bootstrapPublishesV1WithCompleteLineageThatAConsumerCanLoad() throws Exception {
        RetrainFixture.Bootstrap b = RetrainFixture.bootstrap();
        RoundReport r = b.report();
        assertThat(r.roundId()).isEqualTo("r0001");
        assertThat(r.outcome()).as(r.message()).isEqualTo(RoundOutcome.BOOTSTRAPPED);
        assertThat(r.trigger()).isEqualTo(RoundTrigger.BOOTSTRAP);
        assertThat(r.decision()).as("a bootstrap has no champion to beat").isNull();

        ModelRelease v1 = b.v1();
        assertThat(v1).as("v1 on the models topic").isNotNull();
        assertThat(v1.getVersion()).isEqualTo(1);
        assertThat(v1.getParentVersion()).isNull();
        assertThat(v1.getChampionMetrics()).isNull();
        assertThat(v1.getGate()).isNull();
        assertThat(v1.getMetrics().getSampleCount()).isPositive();
        assertThat(v1.getMetrics().getPerClassF1()).containsOnlyKeys(RetrainFixture.SPECIES);
        AnuraSetDataset base = AnuraSetDataset.load(b.base(), "anuraset", RetrainFixture.FEATURES, new SkipReport(true), (d, t) -> { });
        assertThat(v1.getLineage().getBaseDatasetSha256()).isEqualTo(base.fingerprint());
        assertThat(v1.getLineage().getBaseDatasetName()).isEqualTo("base:anuraset");
        assertThat(v1.getLineage().getLabeledClipsEndOffsets()).hasSize(io.chorus.schemas.topics.Topics.LABELED_CLIPS.partitions())
                .allSatisfy((p, o) -> assertThat(o).isZero());
        assertThat(v1.getLineage().getMixer()).isEqualTo("mix2");
        assertThat(v1.getLineage().getRecipe()).contains("\"epochs\":40").contains("\"start\":\"scratch\"");
        assertThat(v1.getLineage().getSeed()).isEqualTo(1);
        assertThat(v1.getLineage().getWarmStartVersion()).isNull();
        assertThat(v1.getLabels()).isEqualTo(RetrainFixture.SPECIES);

        // A consumer loads the release into a predictor; it predicts what the on-disk copy predicts.
        ModelArtifact artifact = ModelReleases.artifactOf(v1);
        ModelDirectory models = new ModelDirectory(b.modelDir(), "test-line");
        List<float[]> windows = base.subset("test").stream().limit(8).map(io.chorus.trainer.data.LabeledClip::audio).toList();
        try (WindowClassifier fromTopic = new WindowClassifier(artifact, Device.cpu());
             WindowClassifier fromDisk = new WindowClassifier(ModelArtifact.load(models.versionDir(1).resolve("model.chorus")), Device.cpu())) {
            float[][] a = fromTopic.scores(windows);
            assertThat(a).hasDimensions(8, RetrainFixture.SPECIES.size());
            assertThat(fromDisk.scores(windows)).isDeepEqualTo(a);
        }
        String m = b.metrics();
        assertThat(MetricsText.value(m, "chorus_trainer_rounds_total{outcome=\"bootstrapped\"}")).isEqualTo(1);
        assertThat(MetricsText.value(m, "chorus_trainer_rounds_total{outcome=\"inconclusive\"}")).isZero();
        assertThat(MetricsText.value(m, "chorus_trainer_serving_model_version")).isEqualTo(1);
        assertThat(MetricsText.value(m, "chorus_trainer_serving_model_age_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(MetricsText.value(m, "chorus_trainer_training_samples_per_second")).isPositive();
        assertThat(MetricsText.value(m, "chorus_trainer_holdout_f1{average=\"macro\",model=\"challenger\"}"))
                .isEqualTo(v1.getMetrics().getMacroF1());
        assertThat(Files.isRegularFile(models.path().resolve("rounds/r0001/report.json"))).isTrue();
    }

    @Test
    void oneRoundAtATimeAndARoundOnDemandWithNothingNewIsSkipped() throws Exception {
        RetrainFixture.Bootstrap b = RetrainFixture.bootstrap();
        RetrainSettings settings = RetrainFixture.settings(b.base(), dir.resolve("models"));
        try (RetrainFixture.Line line = new RetrainFixture.Line(dir, settings, b.v1())) {
            // Nothing new since v1's lineage (same base set, labeled.clips empty): skipped, not trained again.
            assertThat(cli("retrain", "--service", "http://127.0.0.1:" + line.service.httpPort())).as("exit code: accepted").isZero();
            RoundReport skipped = line.awaitRound("r0001");
            assertThat(skipped.trigger()).isEqualTo(RoundTrigger.ON_DEMAND);
            assertThat(skipped.outcome()).as(skipped.message()).isEqualTo(RoundOutcome.SKIPPED);
            assertThat(skipped.message()).contains("no new labelled clips: v1 was trained on this base data set");
            assertThat(LocalHttp.send("GET", line.service.httpPort(), "/retrain").statusCode()).isEqualTo(405);

            // Clips arrive: a round runs; while it does, another is refused.
            RetrainFixture.publish(line.kafka, RetrainFixture.reviewed(RetrainFixture.BASE_RECORDINGS, 50, "good", UnaryOperator.identity()));
            Waits.until("round r0002 to run", Duration.ofSeconds(30), () -> status(line).contains("\"roundInProgress\" : \"r0002\""));
            var busy = LocalHttp.send("POST", line.service.httpPort(), "/retrain");
            assertThat(busy.statusCode()).as("one round at a time").isEqualTo(409);
            assertThat(busy.body()).contains("busy").contains("r0002");
            RoundReport r = line.awaitRound("r0002");
            assertThat(r.trigger()).isEqualTo(RoundTrigger.COUNT);
            assertThat(r.decision()).isNotNull();
            assertThat(status(line)).contains("\"lastGate\"").contains("\"round\" : \"r0002\"").contains("\"recordings\" : ");

            // The same inputs again: skipped.
            assertThat(LocalHttp.send("POST", line.service.httpPort(), "/retrain").statusCode()).isEqualTo(202);
            RoundReport again = line.awaitRound("r0003");
            assertThat(again.outcome()).isEqualTo(RoundOutcome.SKIPPED);

            // A second trainer of the same line and directory refuses to start.
            assertThatThrownBy(() -> RetrainingService.start(settings, line.kafka, "127.0.0.1", 0, new PrometheusRegistry()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another trainer already serves test-line")
                    .hasMessageContaining("trainer.lock");
        }
    }

    @Test
    void beyondLoopbackRetrainNeedsTheAdminTokenAndAWrongOneIsCounted() throws Exception {
        RetrainFixture.Bootstrap b = RetrainFixture.bootstrap();
        RetrainSettings settings = RetrainFixture.settings(b.base(), dir.resolve("models-token"));
        String secret = "0123456789abcdef0123456789abcdef";
        Path tokenFile = Files.writeString(dir.resolve("admin-token"), secret + "\n");
        try (RetrainFixture.Line line = new RetrainFixture.Line(dir.resolve("token"), settings, "0.0.0.0",
                io.chorus.schemas.ops.AdminToken.fromFile(tokenFile), b.v1())) {
            int port = line.service.httpPort();
            String before = line.metrics();
            double rounds = roundsTotal(before);
            String wrongCounter = "chorus_http_action_refusals_total{action=\"/retrain\",reason=\"wrong_token\"}";
            double wrong = Double.isNaN(MetricsText.value(before, wrongCounter)) ? 0 : MetricsText.value(before, wrongCounter);

            var none = LocalHttp.send("POST", port, "/retrain");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            var bad = withToken(port, "not-the-token-at-all-000000000000");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.body()).doesNotContain(secret);
            Thread.sleep(500);
            String after = line.metrics();
            assertThat(roundsTotal(after)).as("no round started by a refused request").isEqualTo(rounds);
            assertThat(status(line)).doesNotContain("\"roundInProgress\" : \"r");
            assertThat(MetricsText.value(after, wrongCounter) - wrong).as(wrongCounter).isEqualTo(1.0);

            assertThat(withToken(port, secret).statusCode()).isEqualTo(202);
            assertThat(line.awaitRound("r0001").trigger()).isEqualTo(RoundTrigger.ON_DEMAND);
            assertThat(cli("retrain", "--service", "http://127.0.0.1:" + port)).as("the CLI without the token: refused").isEqualTo(4);
            assertThat(cli("retrain", "--service", "http://127.0.0.1:" + port, "--admin-token-file", tokenFile.toString()))
                    .as("the CLI with the token").isZero();
            line.awaitRound("r0002");
        }
    }

    private static double roundsTotal(String metricsText) {
        return metricsText.lines().filter(l -> l.startsWith("chorus_trainer_rounds_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static java.net.http.HttpResponse<String> withToken(int port, String token) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/retrain")).header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static String status(RetrainFixture.Line line) {
        try {
            return LocalHttp.send("GET", line.service.httpPort(), "/status").body();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void rollbackRepublishesTheOldArtifactAsANewVersionWithBitIdenticalPredictionsAndATooLargeReleaseIsRefused() throws Exception {
        RetrainFixture.Bootstrap b = RetrainFixture.bootstrap();
        ModelRelease v1 = b.v1();
        ModelRelease v2 = RetrainFixture.untrainedRelease(v1, 2);
        RetrainSettings settings = RetrainFixture.settings(b.base(), dir.resolve("models"));
        try (RetrainFixture.Line line = new RetrainFixture.Line(dir, settings, v1, v2)) {
            assertThat(cli("rollback", "--to", "1", "--bootstrap-servers", line.stack.bootstrapServers(), "--schema-registry-url",
                    line.stack.schemaRegistryUrl(), "--model-name", settings.modelName(), "--model-dir", settings.line().modelDir().toString()))
                    .isZero();
            List<ModelRelease> onTopic = CommittedRecords.readAll(line.kafka, Topics.MODELS);
            assertThat(onTopic).extracting(ModelRelease::getVersion).containsExactly(1, 2, 3);
            ModelRelease v3 = onTopic.get(2);
            assertThat(v3.getParentVersion()).isEqualTo(1);
            assertThat(Arrays.equals(ModelReleases.artifactBytesOf(v3), ModelReleases.artifactBytesOf(v1)))
                    .as("v3's artifact bytes are v1's").isTrue();
            assertThat(v3.getArtifactSha256()).isEqualTo(v1.getArtifactSha256());
            assertThat(v3.getLineage()).isEqualTo(v1.getLineage());
            assertThat(v3.getNotes()).contains("rollback to v1");

            List<float[]> windows = RetrainFixture.reviewed(RetrainFixture.BASE_RECORDINGS, RetrainFixture.BASE_RECORDINGS + 4, "probe",
                    UnaryOperator.identity()).stream()
                    .map(c -> io.chorus.audio.pcm.PcmSamples.decode(c.getAudio().array(), 0, c.getFrameCount(), 16, false)).toList();
            try (WindowClassifier old = new WindowClassifier(ModelReleases.artifactOf(v1), Device.cpu());
                 WindowClassifier back = new WindowClassifier(ModelReleases.artifactOf(v3), Device.cpu());
                 WindowClassifier second = new WindowClassifier(ModelReleases.artifactOf(v2), Device.cpu())) {
                float[][] a = old.scores(windows);
                float[][] c = back.scores(windows);
                for (int i = 0; i < a.length; i++) {
                    assertThat(Arrays.equals(a[i], c[i])).as("window %d bit-identical", i).isTrue();
                }
                assertThat(Arrays.deepEquals(second.scores(windows), a)).as("the rollback really changed what is served").isFalse();
            }
            Waits.until("the service to see v3", Duration.ofSeconds(30), () -> {
                try {
                    return MetricsText.value(line.metrics(), "chorus_trainer_serving_model_version") == 3;
                } catch (Exception e) {
                    return false;
                }
            });

            // Too large for the inline bound: refused before anything is sent.
            ModelDirectory models = new ModelDirectory(settings.line().modelDir(), settings.modelName());
            long before = CommittedRecords.endOffset(line.kafka, Topics.MODELS, false);
            assertThatThrownBy(() -> Rollback.to(1, line.kafka, models, settings.modelName(), 10_000))
                    .isInstanceOf(ReleaseTooLargeException.class)
                    .hasMessageContaining("test-line v4").hasMessageContaining("over the 10000 bytes")
                    .hasMessageContaining("max.message.bytes");
            assertThat(CommittedRecords.endOffset(line.kafka, Topics.MODELS, false)).isEqualTo(before);
        }
    }
}
