package io.chorus.schemas.registry;

/** The schema breaks the subject's compatibility rule (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
