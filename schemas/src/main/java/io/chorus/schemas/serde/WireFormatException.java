package io.chorus.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes could not be turned into a record. Subclasses say why; every message names
 * the topic and, once the header is read, the schema id. Extends Kafka's
 * {@link SerializationException} so Kafka clients and Streams handlers treat it as such.
 */
public class WireFormatException extends SerializationException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
