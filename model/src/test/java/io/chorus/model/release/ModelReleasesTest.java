package io.chorus.model.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import io.chorus.schemas.avro.ArtifactCompression;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelReleasesTest {

    static final FeatureConfig FEATURES = new FeatureConfig(16_000, 1.0, 1.0, 256, 128, 32, 0, 8_000);
    static ModelArtifact artifact;

    @BeforeAll
    static void model() {
        artifact = ModelArtifact.untrained(Architecture.small(0.25), new ModelManifest(null, null, List.of("SPHSUR", "BOABIS", "ADEDIP"),
                List.of("ADEDIP"), Map.of("ADEDIP", 0.3f), FEATURES, Map.of(), Map.of(), Instant.now().toString(), null));
    }

    static ModelMetrics metrics(double f1) {
        return ModelMetrics.newBuilder().setEvaluationSet("holdout-r1").setSampleCount(10).setMacroF1(f1).build();
    }

    static Lineage lineage() {
        return Lineage.newBuilder().setBaseDatasetName("synthetic-chorus").setBaseDatasetSha256("ab").setMixer("mix2")
                .setRecipe("{}").setSeed(1).build();
    }

    @Test
    void aReleaseCarriesTheArtifactCompressedWithItsChecksumAndPredictsTheSame() throws Exception {
        ModelRelease r = ModelReleases.build("line", 2, 1, artifact, metrics(0.5), metrics(0.4), lineage(), "promotion");
        // Random weights in a deflated zip do not compress further: stored as they are.
        assertThat(r.getArtifactCompression()).isEqualTo(ArtifactCompression.NONE);
        assertThat(r.getArtifactSizeBytes()).isEqualTo(artifact.toBytes().length);
        assertThat(r.getArtifact().remaining()).isEqualTo(artifact.toBytes().length);
        assertThat(r.getLabels()).containsExactly("SPHSUR", "BOABIS", "ADEDIP");
        assertThat(r.getRareLabels()).containsExactly("ADEDIP");
        assertThat(r.getThresholds()).containsEntry("ADEDIP", 0.3f);
        assertThat(r.getFeatureConfig()).isEqualTo(FEATURES.toAvro());
        assertThat(r.getParentVersion()).isEqualTo(1);

        ModelArtifact back = ModelReleases.artifactOf(r);
        float[] window = new float[FEATURES.windowSamples()];
        Random rng = new Random(2);
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) (0.1 * rng.nextGaussian());
        }
        try (WindowClassifier a = new WindowClassifier(artifact, Device.cpu());
             WindowClassifier b = new WindowClassifier(back, Device.cpu())) {
            assertThat(b.scores(List.of(window))[0]).containsExactly(a.scores(List.of(window))[0]);
        }
    }

    @Test
    void aReleaseTooLargeToGoInlineIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> ModelReleases.build("line", 1, null, artifact, metrics(0.5), null, lineage(), null, 1_000))
                .isInstanceOf(ReleaseTooLargeException.class)
                .hasMessageContaining("line v1").hasMessageContaining("over the 1000 bytes").hasMessageContaining("models");
        assertThat(ModelReleases.maxInlineArtifactBytes()).isGreaterThan(60L * 1024 * 1024);
    }

    @Test
    void aGzipReleaseLoadsToo() throws Exception {
        ModelRelease r = ModelReleases.build("line", 1, null, artifact, metrics(0.5), null, lineage(), null);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(artifact.toBytes());
        }
        r.setArtifact(java.nio.ByteBuffer.wrap(gz.toByteArray()));
        r.setArtifactCompression(ArtifactCompression.GZIP);
        // Compared by hash: a failure prints two digests, not the artifacts' bytes.
        assertThat(io.chorus.model.artifact.ModelArtifact.sha256Hex(ModelReleases.artifactOf(r).toBytes()))
                .isEqualTo(io.chorus.model.artifact.ModelArtifact.sha256Hex(artifact.toBytes()));
    }

    @Test
    void aTamperedArtifactDoesNotLoad() throws Exception {
        ModelRelease r = ModelReleases.build("line", 1, null, artifact, metrics(0.5), null, lineage(), null);
        r.setArtifactSha256("00" + r.getArtifactSha256().substring(2));
        assertThatThrownBy(() -> ModelReleases.artifactOf(r)).hasMessageContaining("artifact SHA-256 is").hasMessageContaining("the release says");
    }
}
