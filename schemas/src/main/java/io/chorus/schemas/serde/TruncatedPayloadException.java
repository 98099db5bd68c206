package io.chorus.schemas.serde;

/** The bytes end before the header or the Avro body is complete. */
public class TruncatedPayloadException extends WireFormatException {
    public TruncatedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
