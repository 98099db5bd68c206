package io.chorus.stream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import io.chorus.schemas.avro.ArtifactCompression;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.stream.job.JobFixtures;
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

    static final List<String> LABELS = JobFixtures.LABELS;
    static ModelArtifact artifact;

    @BeforeAll
    static void model() {
        FeatureConfig f = FeatureConfig.defaults();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MobileNetV3 net = new MobileNetV3(Architecture.small(0.25), LABELS.size());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, f.nMels(), f.frames()));
            artifact = ModelArtifact.capture(net, new ModelManifest(null, null, LABELS, List.of("LEPLAT"),
                    Map.of("BOAFAB", 0.3f, "PHYCUV", 0.7f), f, Map.of(), Map.of(), Instant.now().toString(), null));
        }
    }

    static ModelRelease release() {
        return JobFixtures.release("line", 2, artifact);
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
        ServingRelease s = ReleaseCheck.check(r);
        assertThat(s.id()).isEqualTo("line v2");
        assertThat(s.labels).containsExactlyElementsOf(LABELS);
        assertThat(s.thresholds).containsExactly(0.3f, 0.9f, 0.5f, 0.5f, 0.5f); // manifest, release, default
        assertThat(s.rare).containsExactly(false, false, false, false, true);
        // Compared by hash: a failure prints two digests, not the artifacts' bytes.
        assertThat(io.chorus.model.artifact.ModelArtifact.sha256Hex(s.artifact))
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
        assertThat(ReleaseCheck.check(r).artifact).isEqualTo(raw);
    }

    @Test
    void refusesEachKindOfBadRelease() throws Exception {
        ModelRelease wrongSha = release();
        wrongSha.setArtifactSha256("ab" + wrongSha.getArtifactSha256().substring(2));
        assertThat(code(wrongSha)).isEqualTo("CHECKSUM_MISMATCH");

        ModelRelease truncated = release();
        byte[] raw = artifact.toBytes();
        truncated.setArtifact(ByteBuffer.wrap(java.util.Arrays.copyOf(raw, raw.length - 100)));
        assertThat(code(truncated)).isEqualTo("TRUNCATED_ARTIFACT");

        byte[] cut = java.util.Arrays.copyOf(raw, raw.length / 2);
        ModelRelease notAZip = JobFixtures.release("line", 2, cut, LABELS, artifact.manifest().architecture());
        assertThat(code(notAZip)).isEqualTo("INCOMPLETE_ARTIFACT");

        ModelRelease otherLabels = release();
        otherLabels.setLabels(List.of("A", "B", "C", "D", "E"));
        otherLabels.setRareLabels(List.of("E"));
        assertThat(code(otherLabels)).isEqualTo("LABELS_MISMATCH");

        ModelRelease otherArchitecture = release();
        otherArchitecture.setArchitecture("mobilenetv3-large-1.0");
        assertThat(code(otherArchitecture)).isEqualTo("ARCHITECTURE_MISMATCH");

        ModelRelease otherFrontEnd = release();
        otherFrontEnd.getFeatureConfig().setNMels(64);
        assertThat(code(otherFrontEnd)).isEqualTo("UNUSABLE_FEATURES");

        ModelRelease slaney = release();
        slaney.getFeatureConfig().setMelScale("slaney");
        assertThat(code(slaney)).isEqualTo("UNUSABLE_FEATURES");

        ModelRelease unknownRare = release();
        unknownRare.setRareLabels(List.of("NOSUCH"));
        assertThat(code(unknownRare)).isEqualTo("UNKNOWN_LABEL");

        ModelRelease badThreshold = release();
        badThreshold.setThresholds(Map.of("BOAFAB", 1.5f));
        assertThat(code(badThreshold)).isEqualTo("BAD_THRESHOLD");

        ModelRelease unknownCompression = release();
        unknownCompression.setArtifactCompression(ArtifactCompression.UNKNOWN);
        assertThat(code(unknownCompression)).isEqualTo("UNSUPPORTED_COMPRESSION");
    }
}
