package io.chorus.schemas.serde;

/** The header names a schema id the registry does not know (error code 40403). */
public class UnknownSchemaIdException extends WireFormatException {
    private final int schemaId;

    public UnknownSchemaIdException(String message, int schemaId, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
