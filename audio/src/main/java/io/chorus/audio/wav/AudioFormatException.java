package io.chorus.audio.wav;

import java.io.IOException;

/** A file that is not audio we can read, with the file and the reason in the message. */
public class AudioFormatException extends IOException {

    /** Short machine-readable reason for skip reports, e.g. TRUNCATED, UNSUPPORTED_ENCODING. */
    private final String reasonCode;

    public AudioFormatException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
