package io.chorus.stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import io.chorus.model.release.ModelReleases;
import io.chorus.model.release.ReleaseCheck;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.serde.PlainAvroSerdes;
import io.chorus.stream.inference.Decisions;
import io.chorus.stream.inference.InferenceService;
import io.chorus.stream.inference.InferenceServiceTest;
import io.chorus.stream.inference.InferenceSettings;
import io.chorus.stream.inference.ScoredWindow;
import io.chorus.stream.inference.ServingModels;
import io.chorus.stream.job.JobFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The release contract end to end without a broker: what the trainer builds ({@link ModelReleases},
 * as a promotion and as a rollback republishing stored bytes), through Avro as on the topic, is what
 * the job accepts ({@link ReleaseCheck}, then the inference service loads and serves it) and scores
 * as the offline classifier does with the trainer's artifact.
 */
class ReleaseRoundTripTest {

    static final List<String> LABELS = JobFixtures.LABELS;

    @Test
    void aTrainerBuiltReleaseIsAcceptedLoadedAndScoresAsTheOfflineClassifier() throws Exception {
        ModelArtifact trained = ModelArtifact.untrained(Architecture.small(0.25), new ModelManifest(null, null, LABELS,
                List.of("LEPLAT"), Map.of("PHYCUV", 0.35f), FeatureConfig.defaults(), Map.of("macroF1", 0.5), Map.of("set", "test"),
                Instant.now().toString(), null));
        ModelMetrics metrics = ModelMetrics.newBuilder().setEvaluationSet("holdout").setSampleCount(10).setMacroF1(0.5).build();
        Lineage lineage = Lineage.newBuilder().setBaseDatasetName("synthetic").setBaseDatasetSha256("ab").setMixer("none")
                .setRecipe("{}").setSeed(1).build();
        ModelRelease promoted = overTheTopic(ModelReleases.build("line", 2, 1, trained, metrics, metrics, lineage, "promotion"));
        // A rollback republishes the stored bytes as they are, under a new version.
        byte[] stored = ModelReleases.artifactBytesOf(promoted);
        ModelRelease rollback = overTheTopic(ModelReleases.build("line", 4, 2, stored, ModelArtifact.fromBytes(stored).manifest(),
                metrics, metrics, lineage, "rollback to v2", ModelReleases.maxInlineArtifactBytes()));

        ServingModels models = new ServingModels(new InferenceSettings(2, 5, 1, "cpu", 1), Decisions.none());
        InferenceService job = models.acquire("round-trip");
        try (WindowClassifier offline = new WindowClassifier(trained, Device.cpu())) {
            for (ModelRelease r : List.of(promoted, rollback)) {
                ServingRelease accepted = ServingRelease.of(ReleaseCheck.check(r));
                assertThat(accepted.artifactSha256).isEqualTo(ModelArtifact.sha256Hex(trained.toBytes()));
                assertThat(accepted.thresholds).containsExactly(0.5f, 0.35f, 0.5f, 0.5f, 0.5f);
                assertThat(accepted.rare).containsExactly(false, false, false, false, true);
                assertThat(job.install(accepted)).as("v" + r.getVersion() + " swapped in").isTrue();

                float[] audio = JobFixtures.recorderAudio(r.getVersion(), 3);
                ScoredWindow scored = job.submit(InferenceServiceTest.window("rec", audio)).get(60, TimeUnit.SECONDS);
                assertThat(scored.modelVersion).isEqualTo(r.getVersion());
                JobFixtures.assertOfflineEqual("v" + r.getVersion(), scored.scores, JobFixtures.offlineScores(offline, audio, 0));
            }
        } finally {
            ServingModels.release(job);
        }
    }

    /** Avro binary and back, as a producer and a consumer of the models topic see it (the registry's framing aside). */
    static ModelRelease overTheTopic(ModelRelease r) {
        try (var serde = PlainAvroSerdes.of(ModelRelease.class)) {
            return serde.deserializer().deserialize("models", serde.serializer().serialize("models", r));
        }
    }
}
