package io.chorus.model.release;

import static io.chorus.model.release.ReleaseReasons.ARCHITECTURE_MISMATCH;
import static io.chorus.model.release.ReleaseReasons.BAD_THRESHOLD;
import static io.chorus.model.release.ReleaseReasons.CHECKSUM_MISMATCH;
import static io.chorus.model.release.ReleaseReasons.INCOMPLETE_ARTIFACT;
import static io.chorus.model.release.ReleaseReasons.INCOMPLETE_MANIFEST;
import static io.chorus.model.release.ReleaseReasons.LABELS_MISMATCH;
import static io.chorus.model.release.ReleaseReasons.TRUNCATED_ARTIFACT;
import static io.chorus.model.release.ReleaseReasons.UNKNOWN_LABEL;
import static io.chorus.model.release.ReleaseReasons.UNSUPPORTED_COMPRESSION;
import static io.chorus.model.release.ReleaseReasons.UNUSABLE_FEATURES;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.schemas.avro.ModelRelease;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reading a {@link ModelRelease} back, the other half of {@link ModelReleases}: the artifact
 * decompresses to the announced size and SHA-256, its manifest is complete and agrees with the
 * release (labels, architecture, front end), thresholds and rare labels name real labels. The job
 * checks every release with it before anything loads; a rollback reads the bytes it republishes
 * with it. Whether the network's head fits the labels is known only when the parameters load: the
 * job's inference service checks that ({@link ReleaseReasons#HEAD_MISMATCH}).
 */
public final class ReleaseCheck {

    /** Larger artifacts are refused before decompression runs away. */
    public static final long MAX_ARTIFACT_BYTES = 512L * 1024 * 1024;

    private ReleaseCheck() {
    }

    public static VerifiedRelease check(ModelRelease r) throws ReleaseRejectedException {
        String id = r.getModelName() + " v" + r.getVersion();
        byte[] artifact = artifactBytes(r);
        ModelManifest manifest;
        try {
            manifest = ModelArtifact.fromBytes(artifact).manifest();
        } catch (IOException | RuntimeException e) {
            throw new ReleaseRejectedException(INCOMPLETE_ARTIFACT, id + ": " + e.getMessage(), e);
        }
        requireManifest(manifest, id);
        List<String> labels = r.getLabels();
        if (!labels.equals(manifest.labels())) {
            throw new ReleaseRejectedException(LABELS_MISMATCH, id + ": release labels " + abbreviate(labels)
                    + " differ from the artifact's " + abbreviate(manifest.labels()));
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new ReleaseRejectedException(LABELS_MISMATCH, id + ": labels repeat a species code");
        }
        if (!r.getArchitecture().equals(manifest.architecture())) {
            throw new ReleaseRejectedException(ARCHITECTURE_MISMATCH, id + ": release says " + r.getArchitecture()
                    + ", artifact holds " + manifest.architecture());
        }
        FeatureConfig features;
        try {
            features = FeatureConfig.fromAvro(r.getFeatureConfig());
        } catch (IllegalArgumentException e) {
            throw new ReleaseRejectedException(UNUSABLE_FEATURES, id + ": feature config: " + e.getMessage(), e);
        }
        if (!features.equals(manifest.features())) {
            throw new ReleaseRejectedException(UNUSABLE_FEATURES, id + ": release front end " + features
                    + " differs from the artifact's " + manifest.features());
        }
        Set<String> known = new HashSet<>(labels);
        for (String rare : r.getRareLabels()) {
            if (!known.contains(rare)) {
                throw new ReleaseRejectedException(UNKNOWN_LABEL, id + ": rare label " + rare + " is not a label of the model");
            }
        }
        // Thresholds: 0.5, then what training tuned (the manifest), then what the release decided.
        float[] thresholds = new float[labels.size()];
        Arrays.fill(thresholds, 0.5f);
        Map<String, Float> decided = new LinkedHashMap<>();
        if (manifest.thresholds() != null) {
            decided.putAll(manifest.thresholds());
        }
        decided.putAll(r.getThresholds());
        for (Map.Entry<String, Float> t : decided.entrySet()) {
            int i = labels.indexOf(t.getKey());
            float v = t.getValue();
            if (i < 0) {
                throw new ReleaseRejectedException(UNKNOWN_LABEL, id + ": threshold for " + t.getKey()
                        + ", which is not a label of the model");
            }
            if (!(v >= 0f && v <= 1f)) {
                throw new ReleaseRejectedException(BAD_THRESHOLD, id + ": threshold " + v + " for " + t.getKey()
                        + " is outside [0, 1]");
            }
            thresholds[i] = v;
        }
        boolean[] rare = new boolean[labels.size()];
        for (String code : r.getRareLabels()) {
            rare[labels.indexOf(code)] = true;
        }
        return new VerifiedRelease(r.getModelName(), r.getVersion(), List.copyOf(labels), thresholds, rare, artifact,
                r.getArtifactSha256().toLowerCase(Locale.ROOT), manifest);
    }

    /**
     * The uncompressed artifact bytes a release carries, checked against its announced size and
     * SHA-256 (nothing more: a rollback republishes them as they are).
     */
    public static byte[] artifactBytes(ModelRelease r) throws ReleaseRejectedException {
        String id = r.getModelName() + " v" + r.getVersion();
        byte[] artifact = uncompressed(r, id);
        if (artifact.length != r.getArtifactSizeBytes()) {
            throw new ReleaseRejectedException(TRUNCATED_ARTIFACT, id + ": artifact is " + artifact.length
                    + " bytes uncompressed, the release announces " + r.getArtifactSizeBytes());
        }
        String sha = ModelArtifact.sha256Hex(artifact);
        if (!sha.equalsIgnoreCase(r.getArtifactSha256())) {
            throw new ReleaseRejectedException(CHECKSUM_MISMATCH, id + ": artifact SHA-256 is " + sha
                    + ", the release says " + r.getArtifactSha256());
        }
        return artifact;
    }

    private static byte[] uncompressed(ModelRelease r, String id) throws ReleaseRejectedException {
        ByteBuffer buffer = r.getArtifact();
        byte[] stored = new byte[buffer.remaining()];
        buffer.duplicate().get(stored);
        if (r.getArtifactSizeBytes() < 0 || r.getArtifactSizeBytes() > MAX_ARTIFACT_BYTES) {
            throw new ReleaseRejectedException(TRUNCATED_ARTIFACT, id + ": announced size " + r.getArtifactSizeBytes()
                    + " bytes is outside 0.." + MAX_ARTIFACT_BYTES);
        }
        switch (r.getArtifactCompression()) {
            case NONE:
                return stored;
            case GZIP:
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                    return in.readNBytes((int) Math.min(MAX_ARTIFACT_BYTES, r.getArtifactSizeBytes() + 1));
                } catch (IOException e) {
                    throw new ReleaseRejectedException(TRUNCATED_ARTIFACT, id + ": gzip artifact does not decompress: "
                            + e.getMessage(), e);
                }
            default:
                throw new ReleaseRejectedException(UNSUPPORTED_COMPRESSION, id + ": artifact compression "
                        + r.getArtifactCompression() + " is not supported (NONE, GZIP)");
        }
    }

    private static void requireManifest(ModelManifest m, String id) throws ReleaseRejectedException {
        String missing = m.architecture() == null ? "architecture"
                : m.labels() == null || m.labels().isEmpty() ? "labels"
                : m.features() == null ? "features"
                : m.parametersSha256() == null ? "parametersSha256" : null;
        if (missing != null) {
            throw new ReleaseRejectedException(INCOMPLETE_MANIFEST, id + ": manifest has no " + missing);
        }
        try {
            Architecture.parse(m.architecture());
        } catch (IllegalArgumentException e) {
            throw new ReleaseRejectedException(INCOMPLETE_MANIFEST, id + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(List<String> labels) {
        return labels.size() <= 6 ? labels.toString()
                : labels.subList(0, 3) + "…(" + labels.size() + ")";
    }
}
