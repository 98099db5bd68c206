package io.chorus.schemas.registry;

/** The subject has no such version (error code 40402). */
public class VersionNotFoundException extends SchemaRegistryException {
    public VersionNotFoundException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
