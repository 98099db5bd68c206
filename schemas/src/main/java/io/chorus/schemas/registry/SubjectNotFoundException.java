package io.chorus.schemas.registry;

/** The subject does not exist (error code 40401). */
public class SubjectNotFoundException extends SchemaRegistryException {
    public SubjectNotFoundException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
