package io.chorus.testsupport.models;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.model.release.ModelReleases;
import io.chorus.model.release.ReleaseTooLargeException;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Models and model releases for tests, built by the same {@link ModelReleases} the trainer publishes with. */
public final class TestReleases {

    private TestReleases() {
    }

    /** A small untrained network (MobileNetV3-Small-0.25, default front end) for these labels, the last one rare. */
    public static ModelArtifact untrained(List<String> labels) {
        return ModelArtifact.untrained(Architecture.small(0.25), new ModelManifest(null, null, labels,
                List.of(labels.get(labels.size() - 1)), Map.of(), FeatureConfig.defaults(), Map.of(), Map.of("set", "test"),
                Instant.now().toString(), null));
    }

    /** A release of the artifact, its parent the version before. */
    public static ModelRelease release(String name, int version, ModelArtifact artifact) {
        return release(name, version, artifact.toBytes(), artifact.manifest());
    }

    /** A release of these artifact bytes as they are (a truncated or doctored artifact included), described by {@code manifest}. */
    public static ModelRelease release(String name, int version, byte[] artifact, ModelManifest manifest) {
        try {
            return ModelReleases.build(name, version, version > 1 ? version - 1 : null, artifact, manifest, metrics(0.5), null,
                    lineage(), "test", ModelReleases.maxInlineArtifactBytes());
        } catch (ReleaseTooLargeException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelMetrics metrics(double macroF1) {
        return ModelMetrics.newBuilder().setEvaluationSet("test").setSampleCount(10).setMacroF1(macroF1).build();
    }

    public static Lineage lineage() {
        return Lineage.newBuilder().setBaseDatasetName("test").setBaseDatasetSha256("ab").setMixer("none").setRecipe("{}").setSeed(1)
                .build();
    }
}
