package io.chorus.schemas.registry;

/** No registry answered: connection refused, DNS failure or timeout, on every attempt. */
public class RegistryUnavailableException extends SchemaRegistryException {
    public RegistryUnavailableException(String operation, String message, Throwable cause) {
        super(-1, -1, operation, message, cause);
    }
}
