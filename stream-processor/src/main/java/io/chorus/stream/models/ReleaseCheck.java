package io.chorus.stream.models;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.schemas.avro.ModelRelease;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Checks a {@link ModelRelease} before anything loads it: the artifact decompresses to the
 * announced size and SHA-256, its manifest is complete and agrees with the release (labels,
 * architecture, front end), thresholds and rare labels name real labels. A species' threshold is
 * the release's, else the one training tuned (manifest), else 0.5. Whether the network's
 * head fits the labels is known only when the parameters load; the inference service checks that.
 */
public final class ReleaseCheck {

    /** Larger artifacts are refused before decompression runs away. */
    public static final long MAX_ARTIFACT_BYTES = 512L * 1024 * 1024;

    private ReleaseCheck() {
    }

    public static ServingRelease check(ModelRelease r) throws ReleaseRejectedException {
        String id = r.getModelName() + " v" + r.getVersion();
        byte[] artifact = uncompressed(r, id);
        if (artifact.length != r.getArtifactSizeBytes()) {
            throw new ReleaseRejectedException("TRUNCATED_ARTIFACT", id + ": artifact is " + artifact.length
                    + " bytes uncompressed, the release announces " + r.getArtifactSizeBytes());
        }
        String sha = ModelArtifact.sha256Hex(artifact);
        if (!sha.equalsIgnoreCase(r.getArtifactSha256())) {
            throw new ReleaseRejectedException("CHECKSUM_MISMATCH", id + ": artifact SHA-256 is " + sha
                    + ", the release says " + r.getArtifactSha256());
        }
        ModelManifest manifest;
        try {
            manifest = ModelArtifact.fromBytes(artifact).manifest();
        } catch (IOException | RuntimeException e) {
            throw new ReleaseRejectedException("INCOMPLETE_ARTIFACT", id + ": " + e.getMessage(), e);
        }
        requireManifest(manifest, id);
        List<String> labels = r.getLabels();
        if (!labels.equals(manifest.labels())) {
            throw new ReleaseRejectedException("LABELS_MISMATCH", id + ": release labels " + abbreviate(labels)
                    + " differ from the artifact's " + abbreviate(manifest.labels()));
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new ReleaseRejectedException("LABELS_MISMATCH", id + ": labels repeat a species code");
        }
        if (!r.getArchitecture().equals(manifest.architecture())) {
            throw new ReleaseRejectedException("ARCHITECTURE_MISMATCH", id + ": release says " + r.getArchitecture()
                    + ", artifact holds " + manifest.architecture());
        }
        FeatureConfig features;
        try {
            features = FeatureConfig.fromAvro(r.getFeatureConfig());
        } catch (IllegalArgumentException e) {
            throw new ReleaseRejectedException("UNUSABLE_FEATURES", id + ": feature config: " + e.getMessage(), e);
        }
        if (!features.equals(manifest.features())) {
            throw new ReleaseRejectedException("UNUSABLE_FEATURES", id + ": release front end " + features
                    + " differs from the artifact's " + manifest.features());
        }
        Set<String> known = new HashSet<>(labels);
        for (String rare : r.getRareLabels()) {
            if (!known.contains(rare)) {
                throw new ReleaseRejectedException("UNKNOWN_LABEL", id + ": rare label " + rare + " is not a label of the model");
            }
        }
        ServingRelease s = new ServingRelease();
        s.modelName = r.getModelName();
        s.version = r.getVersion();
        s.architecture = r.getArchitecture();
        s.labels = labels.toArray(new String[0]);
        // Thresholds: 0.5, then what training tuned (the manifest), then what the release decided.
        s.thresholds = new float[labels.size()];
        java.util.Arrays.fill(s.thresholds, 0.5f);
        Map<String, Float> decided = new java.util.LinkedHashMap<>();
        if (manifest.thresholds() != null) {
            decided.putAll(manifest.thresholds());
        }
        decided.putAll(r.getThresholds());
        for (Map.Entry<String, Float> t : decided.entrySet()) {
            int i = labels.indexOf(t.getKey());
            float v = t.getValue();
            if (i < 0) {
                throw new ReleaseRejectedException("UNKNOWN_LABEL", id + ": threshold for " + t.getKey()
                        + ", which is not a label of the model");
            }
            if (!(v >= 0f && v <= 1f)) {
                throw new ReleaseRejectedException("BAD_THRESHOLD", id + ": threshold " + v + " for " + t.getKey()
                        + " is outside [0, 1]");
            }
            s.thresholds[i] = v;
        }
        s.rare = new boolean[labels.size()];
        for (String rare : r.getRareLabels()) {
            s.rare[labels.indexOf(rare)] = true;
        }
        s.artifact = artifact;
        s.artifactSha256 = sha.toLowerCase(Locale.ROOT);
        return s;
    }

    private static byte[] uncompressed(ModelRelease r, String id) throws ReleaseRejectedException {
        ByteBuffer buffer = r.getArtifact();
        byte[] stored = new byte[buffer.remaining()];
        buffer.duplicate().get(stored);
        if (r.getArtifactSizeBytes() < 0 || r.getArtifactSizeBytes() > MAX_ARTIFACT_BYTES) {
            throw new ReleaseRejectedException("TRUNCATED_ARTIFACT", id + ": announced size " + r.getArtifactSizeBytes()
                    + " bytes is outside 0.." + MAX_ARTIFACT_BYTES);
        }
        switch (r.getArtifactCompression()) {
            case NONE:
                return stored;
            case GZIP:
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                    return in.readNBytes((int) Math.min(MAX_ARTIFACT_BYTES, r.getArtifactSizeBytes() + 1));
                } catch (IOException e) {
                    throw new ReleaseRejectedException("TRUNCATED_ARTIFACT", id + ": gzip artifact does not decompress: "
                            + e.getMessage(), e);
                }
            default:
                throw new ReleaseRejectedException("UNSUPPORTED_COMPRESSION", id + ": artifact compression "
                        + r.getArtifactCompression() + " is not supported (NONE, GZIP)");
        }
    }

    private static void requireManifest(ModelManifest m, String id) throws ReleaseRejectedException {
        String missing = m.architecture() == null ? "architecture"
                : m.labels() == null || m.labels().isEmpty() ? "labels"
                : m.features() == null ? "features"
                : m.parametersSha256() == null ? "parametersSha256" : null;
        if (missing != null) {
            throw new ReleaseRejectedException("INCOMPLETE_MANIFEST", id + ": manifest has no " + missing);
        }
        try {
            Architecture.parse(m.architecture());
        } catch (IllegalArgumentException e) {
            throw new ReleaseRejectedException("INCOMPLETE_MANIFEST", id + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(List<String> labels) {
        return labels.size() <= 6 ? labels.toString()
                : labels.subList(0, 3) + "…(" + labels.size() + ")";
    }
}
