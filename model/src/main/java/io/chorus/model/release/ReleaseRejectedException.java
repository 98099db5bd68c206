package io.chorus.model.release;

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

    /** One of {@link ReleaseReasons}. */
    public String reasonCode() {
        return reasonCode;
    }
}
