package io.chorus.embedded.registry;

/**
 * An error the registry answers with: HTTP status and Confluent error code, sent as
 * {@code {"error_code": ..., "message": ...}}.
 */
public final class RegistryError extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public RegistryError(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, Object version) {
        return new RegistryError(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(404, 40403, "Schema not found: " + what + ".");
    }

    static RegistryError subjectNotSoftDeleted(String subject) {
        return new RegistryError(404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted.");
    }

    static RegistryError versionNotSoftDeleted(String subject, int version) {
        return new RegistryError(404, 40407, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted.");
    }

    static RegistryError invalidSchema(String why) {
        return new RegistryError(422, 42201, "Invalid schema: " + why);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibility(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level
                + "'. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    static RegistryError incompatible(String subject, java.util.List<String> details) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + details);
    }

    static RegistryError malformedRequest(String why) {
        return new RegistryError(400, 400, "Malformed request body: " + why);
    }

    static RegistryError storeError(String why) {
        return new RegistryError(500, 50001, "Error in the backend data store: " + why);
    }

    static RegistryError storeTimeout(String why) {
        return new RegistryError(500, 50002, "Operation timed out: " + why);
    }
}
