package io.chorus.model.release;

import io.chorus.model.artifact.ModelManifest;
import java.util.List;

/**
 * A release that passed {@link ReleaseCheck}: its uncompressed artifact and what serving it needs.
 *
 * @param thresholds   per label: 0.5, else what training tuned (manifest), else what the release decided
 * @param rare         per label, whether it is in the release's rare group
 * @param artifactSha256 lower-case hex of the artifact's SHA-256
 */
public record VerifiedRelease(String modelName, int version, List<String> labels, float[] thresholds, boolean[] rare,
                              byte[] artifact, String artifactSha256, ModelManifest manifest) {

    public String id() {
        return modelName + " v" + version;
    }
}
