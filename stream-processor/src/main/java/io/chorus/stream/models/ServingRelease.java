package io.chorus.stream.models;

/**
 * A model release that passed {@link ReleaseCheck}: what the job needs to serve it, with the
 * uncompressed artifact. Lives in broadcast state, so a job restored from a checkpoint serves
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

    public String id() {
        return modelName + " v" + version;
    }

    @Override
    public String toString() {
        return id() + " (" + architecture + ", " + labels.length + " labels, sha256 " + artifactSha256.substring(0, 12) + "…)";
    }
}
