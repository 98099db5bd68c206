package io.chorus.stream.models;

import io.chorus.model.release.VerifiedRelease;

/**
 * A model release that passed {@link io.chorus.model.release.ReleaseCheck}: what the job needs to
 * serve it, with the uncompressed artifact. Lives in broadcast state, so a job restored from a checkpoint serves
 * the same model. A Flink POJO.
 */
public class ServingRelease {

    public String modelName;
    public int version;
    public String architecture;
    public String[] labels;
    /** Per label, as the release says (0.5 when it names none). */
    public float[] thresholds;
    public boolean[] rare;
    public byte[] artifact;
    public String artifactSha256;

    public ServingRelease() {
    }

    public static ServingRelease of(VerifiedRelease v) {
        ServingRelease s = new ServingRelease();
        s.modelName = v.modelName();
        s.version = v.version();
        s.architecture = v.manifest().architecture();
        s.labels = v.labels().toArray(new String[0]);
        s.thresholds = v.thresholds().clone();
        s.rare = v.rare().clone();
        s.artifact = v.artifact();
        s.artifactSha256 = v.artifactSha256();
        return s;
    }

    public String id() {
        return modelName + " v" + version;
    }

    @Override
    public String toString() {
        return id() + " (" + architecture + ", " + labels.length + " labels, sha256 " + artifactSha256.substring(0, 12) + "…)";
    }
}
