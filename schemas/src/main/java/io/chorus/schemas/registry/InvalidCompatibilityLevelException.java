package io.chorus.schemas.registry;

/** The compatibility level is not one the registry knows (error code 42203). */
public class InvalidCompatibilityLevelException extends SchemaRegistryException {
    public InvalidCompatibilityLevelException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
