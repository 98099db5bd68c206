package io.chorus.stream.models;

/** A record from {@code models}: a checked release, or why it was refused. A Flink POJO. */
public class ReleaseInput {

    public ServingRelease release;
    public String modelName;
    public int version;
    public String rejectCode;
    public String rejectReason;

    public ReleaseInput() {
    }

    public static ReleaseInput accepted(ServingRelease release) {
        ReleaseInput in = new ReleaseInput();
        in.release = release;
        in.modelName = release.modelName;
        in.version = release.version;
        return in;
    }

    public static ReleaseInput rejected(String modelName, int version, String code, String reason) {
        ReleaseInput in = new ReleaseInput();
        in.modelName = modelName;
        in.version = version;
        in.rejectCode = code;
        in.rejectReason = reason;
        return in;
    }
}
