package io.chorus.schemas.registry;

/** The registry could not parse the schema (error code 42201). */
public class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
