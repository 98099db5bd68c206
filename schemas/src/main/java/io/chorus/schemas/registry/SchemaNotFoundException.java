package io.chorus.schemas.registry;

/** No schema with that id, or the schema is not registered under the subject (error code 40403). */
public class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
