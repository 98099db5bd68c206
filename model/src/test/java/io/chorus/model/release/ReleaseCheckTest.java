package io.chorus.model.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.schemas.avro.ArtifactCompression;
import io.chorus.schemas.avro.ModelRelease;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a release is refused before anything loads it, each with its reason code. */
class ReleaseCheckTest {

    static final List<String> LABELS = List.of("BOAFAB", "PHYCUV", "DENMIN", "SCIPER", "LEPLAT");
    static ModelArtifact artifact;

    @BeforeAll
    static void model() {
        artifact = ModelArtifact.untrained(Architecture.small(0.25), new ModelManifest(null, null, LABELS, List.of("LEPLAT"),
                Map.of("BOAFAB", 0.3f, "PHYCUV", 0.7f), FeatureConfig.defaults(), Map.of(), Map.of(), Instant.now().toString(), null));
    }

    /** A good release, built as the trainer builds it. */
    static ModelRelease release() throws ReleaseTooLargeException {
        return ModelReleases.build("line", 2, 1, artifact, ModelReleasesTest.metrics(0.5), null, ModelReleasesTest.lineage(), null);
    }

    static String code(ModelRelease r) {
        try {
            ReleaseCheck.check(r);
            return "ACCEPTED";
        } catch (ReleaseRejectedException e) {
            assertThat(e.getMessage()).startsWith("line v2: ");
            return e.reasonCode();
        }
    }

    @Test
    void acceptsAGoodReleaseWithThresholdsFromManifestThenRelease() throws Exception {
        ModelRelease r = release();
        r.setThresholds(Map.of("PHYCUV", 0.9f));
        VerifiedRelease s = ReleaseCheck.check(r);
        assertThat(s.id()).isEqualTo("line v2");
        assertThat(s.labels()).containsExactlyElementsOf(LABELS);
        assertThat(s.thresholds()).containsExactly(0.3f, 0.9f, 0.5f, 0.5f, 0.5f); // manifest, release, default
        assertThat(s.rare()).containsExactly(false, false, false, false, true);
        // Compared by hash: a failure prints two digests, not the artifacts' bytes.
        assertThat(io.chorus.model.artifact.ModelArtifact.sha256Hex(s.artifact()))
                .isEqualTo(io.chorus.model.artifact.ModelArtifact.sha256Hex(artifact.toBytes()));
    }

    @Test
    void acceptsAGzipArtifact() throws Exception {
        byte[] raw = artifact.toBytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        ModelRelease r = release();
        r.setArtifact(ByteBuffer.wrap(gz.toByteArray()));
        r.setArtifactCompression(ArtifactCompression.GZIP);
        assertThat(ModelArtifact.sha256Hex(ReleaseCheck.check(r).artifact())).isEqualTo(ModelArtifact.sha256Hex(raw));
    }

    @Test
    void refusesEachKindOfBadRelease() throws Exception {
        ModelRelease wrongSha = release();
        wrongSha.setArtifactSha256("ab" + wrongSha.getArtifactSha256().substring(2));
        assertThat(code(wrongSha)).isEqualTo(ReleaseReasons.CHECKSUM_MISMATCH);

        ModelRelease truncated = release();
        byte[] raw = artifact.toBytes();
        truncated.setArtifact(ByteBuffer.wrap(java.util.Arrays.copyOf(raw, raw.length - 100)));
        assertThat(code(truncated)).isEqualTo(ReleaseReasons.TRUNCATED_ARTIFACT);

        byte[] cut = java.util.Arrays.copyOf(raw, raw.length / 2);
        ModelRelease notAZip = ModelReleases.build("line", 2, 1, cut, artifact.manifest(), ModelReleasesTest.metrics(0.5), null,
                ModelReleasesTest.lineage(), null, ModelReleases.maxInlineArtifactBytes());
        assertThat(code(notAZip)).isEqualTo(ReleaseReasons.INCOMPLETE_ARTIFACT);

        ModelRelease otherLabels = release();
        otherLabels.setLabels(List.of("A", "B", "C", "D", "E"));
        otherLabels.setRareLabels(List.of("E"));
        assertThat(code(otherLabels)).isEqualTo(ReleaseReasons.LABELS_MISMATCH);

        ModelRelease otherArchitecture = release();
        otherArchitecture.setArchitecture("mobilenetv3-large-1.0");
        assertThat(code(otherArchitecture)).isEqualTo(ReleaseReasons.ARCHITECTURE_MISMATCH);

        ModelRelease otherFrontEnd = release();
        otherFrontEnd.getFeatureConfig().setNMels(64);
        assertThat(code(otherFrontEnd)).isEqualTo(ReleaseReasons.UNUSABLE_FEATURES);

        ModelRelease slaney = release();
        slaney.getFeatureConfig().setMelScale("slaney");
        assertThat(code(slaney)).isEqualTo(ReleaseReasons.UNUSABLE_FEATURES);

        ModelRelease unknownRare = release();
        unknownRare.setRareLabels(List.of("NOSUCH"));
        assertThat(code(unknownRare)).isEqualTo(ReleaseReasons.UNKNOWN_LABEL);

        ModelRelease badThreshold = release();
        badThreshold.setThresholds(Map.of("BOAFAB", 1.5f));
        assertThat(code(badThreshold)).isEqualTo(ReleaseReasons.BAD_THRESHOLD);

        ModelRelease unknownCompression = release();
        unknownCompression.setArtifactCompression(ArtifactCompression.UNKNOWN);
        assertThat(code(unknownCompression)).isEqualTo(ReleaseReasons.UNSUPPORTED_COMPRESSION);
    }
}
