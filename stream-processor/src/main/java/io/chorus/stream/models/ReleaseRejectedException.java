package io.chorus.stream.models;

/** A model release the job will not serve; the message names the release and the reason. */
public class ReleaseRejectedException extends Exception {

    private final String reasonCode;

    public ReleaseRejectedException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public ReleaseRejectedException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** e.g. CHECKSUM_MISMATCH, TRUNCATED_ARTIFACT, INCOMPLETE_MANIFEST, LABELS_MISMATCH, HEAD_MISMATCH. */
    public String reasonCode() {
        return reasonCode;
    }
}
