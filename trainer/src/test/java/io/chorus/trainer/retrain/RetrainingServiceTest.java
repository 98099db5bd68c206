package io.chorus.trainer.retrain;

import static io.chorus.trainer.retrain.ModelsTopic.await;
import static io.chorus.trainer.retrain.ModelsTopic.http;
import static io.chorus.trainer.retrain.ModelsTopic.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.data.SkipReport;
import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.release.ModelDirectory;
import io.chorus.trainer.release.ModelReleases;
import io.chorus.trainer.release.ReleaseTooLargeException;
import io.chorus.trainer.release.Rollback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining loop on the embedded broker and registry, one model line through its life:
 * bootstrap, a promotion that learned a species the base set lacked, a rejection of a challenger
 * trained on wrong labels, a rollback, and a release too large to send. Each step builds on the
 * one before (ordered).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainingServiceTest {

    Path dir;
    EmbeddedStack stack;
    KafkaClientSettings kafka;
    RetrainSettings settings;
    RetrainingService service;
    ModelDirectory models;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
        kafka = stack.clientSettings();
        RetrainFixture.writeBase(dir.resolve("base"));
        settings = RetrainFixture.settings(dir.resolve("base"), dir.resolve("models"));
        models = new ModelDirectory(settings.modelDir(), settings.modelName());
        service = RetrainingService.start(settings, kafka, "127.0.0.1", 0, new PrometheusRegistry());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        stack.close();
    }

    RoundReport awaitRound(String id) throws InterruptedException {
        await("round " + id, Duration.ofMinutes(3), () -> service.lastReport() != null && service.lastReport().roundId().equals(id));
        return service.lastReport();
    }

    static int cli(String... args) {
        return new picocli.CommandLine(new io.chorus.trainer.cli.TrainerCommand()).execute(args);
    }

    String status() {
        try {
            return http("GET", service.httpPort(), "/status").body();
        } catch (Exception e) {
            return "";
        }
    }

    String metrics() throws Exception {
        return http("GET", service.httpPort(), "/metrics").body();
    }

    static double f1Of(EvaluationReport r, String species) {
        return r.perClass().stream().filter(c -> c.species().equals(species)).findFirst().orElseThrow().f1();
    }

    @Test
    @Order(1)
    void bootstrapPublishesV1WithCompleteLineageThatAConsumerCanLoad() throws Exception {
        RoundReport r = awaitRound("r0001");
        assertThat(r.outcome()).as(r.message()).isEqualTo(RoundOutcome.BOOTSTRAPPED);
        assertThat(r.trigger()).isEqualTo(RoundTrigger.BOOTSTRAP);

        List<ModelRelease> onTopic = ModelsTopic.read(kafka, "read_committed");
        assertThat(onTopic).hasSize(1);
        ModelRelease v1 = onTopic.get(0);
        assertThat(v1.getVersion()).isEqualTo(1);
        assertThat(v1.getParentVersion()).isNull();
        assertThat(v1.getChampionMetrics()).isNull();
        assertThat(v1.getMetrics().getSampleCount()).isPositive();
        assertThat(v1.getMetrics().getPerClassF1()).containsOnlyKeys(RetrainFixture.SPECIES);
        AnuraSetDataset base = AnuraSetDataset.load(settings.baseData(), "anuraset", RetrainFixture.FEATURES, new SkipReport(true),
                (d, t) -> { });
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
        List<float[]> windows = base.subset("test").stream().limit(8).map(io.chorus.trainer.data.LabeledClip::audio).toList();
        try (WindowClassifier fromTopic = new WindowClassifier(artifact, Device.cpu());
             WindowClassifier fromDisk = new WindowClassifier(ModelArtifact.load(models.versionDir(1).resolve("model.chorus")), Device.cpu())) {
            float[][] a = fromTopic.scores(windows);
            assertThat(a).hasDimensions(8, RetrainFixture.SPECIES.size());
            assertThat(fromDisk.scores(windows)).isDeepEqualTo(a);
        }
        String m = metrics();
        assertThat(metric(m, "chorus_trainer_rounds_total{outcome=\"bootstrapped\"}")).isEqualTo(1);
        assertThat(metric(m, "chorus_trainer_serving_model_version")).isEqualTo(1);
        assertThat(metric(m, "chorus_trainer_serving_model_age_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(metric(m, "chorus_trainer_training_samples_per_second")).isPositive();
        assertThat(metric(m, "chorus_trainer_holdout_f1{average=\"macro\",model=\"challenger\"}"))
                .isEqualTo(v1.getMetrics().getMacroF1());
        assertThat(Files.isRegularFile(models.path().resolve("rounds/r0001/report.json"))).isTrue();
    }

    @Test
    @Order(2)
    void enoughNewClipsStartARoundThatPromotesAChallengerWhichLearnedTheScarceSpecies() throws Exception {
        List<io.chorus.schemas.avro.LabeledClip> clips = RetrainFixture.reviewed(8, 30, "good", UnaryOperator.identity());
        assertThat(clips.size()).isGreaterThanOrEqualTo(settings.minNewClips());
        RetrainFixture.publish(kafka, clips);

        RoundReport r = awaitRound("r0002");
        assertThat(r.trigger()).isEqualTo(RoundTrigger.COUNT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(RoundOutcome.PROMOTED);
        assertThat(r.data().get("reviewedHoldOut")).isPositive();
        double before = f1Of(r.champion(), RetrainFixture.SCARCE);
        double after = f1Of(r.challenger(), RetrainFixture.SCARCE);
        assertThat(after).as("%s F1 on the hold-out: champion %.3f, challenger %.3f", RetrainFixture.SCARCE, before, after)
                .isGreaterThan(before + 0.2);

        List<ModelRelease> onTopic = ModelsTopic.read(kafka, "read_committed");
        ModelRelease v2 = onTopic.get(onTopic.size() - 1);
        assertThat(v2.getVersion()).isEqualTo(2);
        assertThat(v2.getParentVersion()).isEqualTo(1);
        assertThat(v2.getLineage().getWarmStartVersion()).isEqualTo(1);
        assertThat(v2.getLineage().getLabeledClipCount()).isEqualTo(clips.size());
        assertThat(v2.getLineage().getLabeledClipsEndOffsets().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(clips.size());
        assertThat(v2.getChampionMetrics().getEvaluationSet()).isEqualTo(v2.getMetrics().getEvaluationSet());
        assertThat(v2.getMetrics().getPerClassF1().get(RetrainFixture.SCARCE)).isEqualTo(after);
        assertThat(v2.getChampionMetrics().getPerClassF1().get(RetrainFixture.SCARCE)).isEqualTo(before);
        assertThat(metric(metrics(), "chorus_trainer_rounds_total{outcome=\"promoted\"}")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aChallengerTrainedOnWrongLabelsIsRejectedAndNeverReachesTheTopic() throws Exception {
        RetrainFixture.publish(kafka, RetrainFixture.reviewed(30, 60, "backwards", RetrainFixture::inverted));
        await("round r0003 to run", Duration.ofSeconds(30), () -> status().contains("\"roundInProgress\" : \"r0003\""));
        var busy = http("POST", service.httpPort(), "/retrain");
        assertThat(busy.statusCode()).as("one round at a time").isEqualTo(409);
        assertThat(busy.body()).contains("busy").contains("r0003");

        RoundReport r = awaitRound("r0003");
        assertThat(r.outcome()).as(r.message()).isEqualTo(RoundOutcome.REJECTED);
        assertThat(r.decision().promote()).isFalse();
        // Trained on the backwards labels, it also agrees with their frozen share of the hold-out; the curated part catches it.
        assertThat(r.decision().failed()).anySatisfy(f -> assertThat(f).startsWith("curated part: macro F1"));
        assertThat(r.challengerCurated().macroF1()).isLessThan(r.championCurated().macroF1() - 0.1);
        assertThat(r.releasedVersion()).isNull();
        assertThat(ModelsTopic.read(kafka, "read_uncommitted")).extracting(ModelRelease::getVersion).containsExactly(1, 2);
        String report = Files.readString(models.path().resolve("rounds/r0003/report.json"));
        assertThat(report).contains("\"outcome\" : \"REJECTED\"").contains(r.decision().failed().get(0));
        String m = metrics();
        assertThat(metric(m, "chorus_trainer_rounds_total{outcome=\"rejected\"}")).isEqualTo(1);
        assertThat(metric(m, "chorus_trainer_serving_model_version")).isEqualTo(2);
        assertThat(metric(m, "chorus_trainer_labeled_clips_waiting")).isZero();
    }

    @Test
    @Order(4)
    void aRoundOnDemandWithNothingNewIsSkippedRatherThanTrainedAgain() throws Exception {
        assertThat(cli("retrain", "--service", "http://127.0.0.1:" + service.httpPort())).as("exit code: accepted").isZero();
        RoundReport r = awaitRound("r0004");
        assertThat(r.trigger()).isEqualTo(RoundTrigger.ON_DEMAND);
        assertThat(r.outcome()).isEqualTo(RoundOutcome.SKIPPED);
        assertThat(r.message()).contains("no new labelled clips and the same champion since r0003");
        assertThat(ModelsTopic.read(kafka, "read_committed")).hasSize(2);
        assertThat(http("GET", service.httpPort(), "/retrain").statusCode()).isEqualTo(405);
        assertThat(http("GET", service.httpPort(), "/status").body()).contains("\"servingVersion\" : 2");
    }
    @Test
    @Order(5)
    void rollbackRepublishesTheOldArtifactAsANewVersionWithBitIdenticalPredictions() throws Exception {
        assertThat(cli("rollback", "--to", "1", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url",
                stack.schemaRegistryUrl(), "--model-name", settings.modelName(), "--model-dir", settings.modelDir().toString())).isZero();
        List<ModelRelease> onTopic = ModelsTopic.read(kafka, "read_committed");
        assertThat(onTopic.get(2).getParentVersion()).isEqualTo(1);
        assertThat(onTopic).extracting(ModelRelease::getVersion).containsExactly(1, 2, 3);
        ModelRelease v1 = onTopic.get(0);
        assertThat(ModelReleases.artifactBytesOf(onTopic.get(2))).isEqualTo(ModelReleases.artifactBytesOf(v1));
        assertThat(onTopic.get(2).getArtifactSha256()).isEqualTo(v1.getArtifactSha256());
        assertThat(onTopic.get(2).getLineage()).isEqualTo(v1.getLineage());
        assertThat(onTopic.get(2).getNotes()).contains("rollback to v1");

        List<float[]> windows = RetrainFixture.reviewed(8, 10, "probe", UnaryOperator.identity()).stream()
                .map(c -> io.chorus.audio.pcm.PcmSamples.decode(c.getAudio().array(), 0, c.getFrameCount(), 16, false)).toList();
        try (WindowClassifier old = new WindowClassifier(ModelReleases.artifactOf(v1), Device.cpu());
             WindowClassifier back = new WindowClassifier(ModelReleases.artifactOf(onTopic.get(2)), Device.cpu());
             WindowClassifier v2 = new WindowClassifier(ModelReleases.artifactOf(onTopic.get(1)), Device.cpu())) {
            float[][] a = old.scores(windows);
            float[][] b = back.scores(windows);
            for (int i = 0; i < a.length; i++) {
                assertThat(Arrays.equals(a[i], b[i])).as("window %d bit-identical", i).isTrue();
            }
            assertThat(v2.scores(windows)).isNotEqualTo(a); // the rollback really changed what is served
        }
        await("the service to see v3", Duration.ofSeconds(30), () -> {
            try {
                return metric(metrics(), "chorus_trainer_serving_model_version") == 3;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(6)
    void aReleaseOverTheInlineBoundFailsClearlyBeforeAnythingIsSent() throws Exception {
        long before = ModelsTopic.uncommittedEnd(kafka);
        assertThatThrownBy(() -> Rollback.to(2, kafka, models, settings.modelName(), 10_000))
                .isInstanceOf(ReleaseTooLargeException.class)
                .hasMessageContaining("test-line v4").hasMessageContaining("over the 10000 bytes")
                .hasMessageContaining("max.message.bytes");
        assertThat(ModelsTopic.uncommittedEnd(kafka)).isEqualTo(before);
        assertThat(models.versions()).containsExactly(1, 2, 3);
    }


    @Test
    @Order(7)
    void aSecondTrainerOfTheSameLineAndDirectoryRefusesToStart() {
        assertThatThrownBy(() -> RetrainingService.start(settings, kafka, "127.0.0.1", 0, new PrometheusRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another trainer already serves test-line")
                .hasMessageContaining("trainer.lock");
    }
}
