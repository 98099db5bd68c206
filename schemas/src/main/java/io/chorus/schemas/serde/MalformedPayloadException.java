package io.chorus.schemas.serde;

/** The Avro body does not decode with its writer schema (wrong union index, negative length, ...). */
public class MalformedPayloadException extends WireFormatException {
    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
