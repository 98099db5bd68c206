package io.chorus.schemas.registry;

/** The version is not a positive number or "latest" (error code 42202). */
public class InvalidVersionException extends SchemaRegistryException {
    public InvalidVersionException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
