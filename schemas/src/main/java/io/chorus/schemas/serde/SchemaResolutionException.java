package io.chorus.schemas.serde;

/** The writer's schema cannot be read as the reader's (Avro schema resolution fails). */
public class SchemaResolutionException extends WireFormatException {
    public SchemaResolutionException(String message) {
        super(message);
    }
}
