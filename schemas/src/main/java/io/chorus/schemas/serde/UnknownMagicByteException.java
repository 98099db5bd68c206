package io.chorus.schemas.serde;

/** The first byte is not the Confluent wire format's magic byte 0: not a registry-encoded record. */
public class UnknownMagicByteException extends WireFormatException {
    public UnknownMagicByteException(String message) {
        super(message);
    }
}
