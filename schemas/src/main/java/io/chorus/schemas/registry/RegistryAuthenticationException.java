package io.chorus.schemas.registry;

/** The registry refused our credentials (HTTP 401 or 403); never retried. */
public class RegistryAuthenticationException extends SchemaRegistryException {
    public RegistryAuthenticationException(int httpStatus, int errorCode, String operation, String message) {
        super(httpStatus, errorCode, operation, message, null);
    }
}
