package io.chorus.schemas.registry;

/** The registry answered 5xx on every attempt (e.g. 50001 store error, 50002 timeout). */
public class RegistryServerException extends SchemaRegistryException {
    public RegistryServerException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
