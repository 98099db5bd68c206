package io.chorus.schemas.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * A Schema Registry call that failed. Subclasses name the reason; {@link #errorCode()} is the
 * Confluent error code from the response body ({@code {error_code, message}}), or -1 when the
 * registry never answered. Callers add what they were doing ({@link #addContext}) so the
 * message names the topic as well as the subject or id.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;
    private final String operation;
    private final List<String> context = new ArrayList<>();

    public SchemaRegistryException(int httpStatus, int errorCode, String operation, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.operation = operation;
    }

    /** HTTP status of the answer, or -1 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code (e.g. 40403, 42201, 409), or -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The request that failed, e.g. {@code GET /schemas/ids/7}. */
    public String operation() {
        return operation;
    }

    /** Adds what the caller was doing (e.g. "reading topic audio.chunks"); returns this for rethrow. */
    public SchemaRegistryException addContext(String what) {
        context.add(what);
        return this;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(super.getMessage());
        sb.append(" [").append(operation);
        if (errorCode >= 0) {
            sb.append(", error_code ").append(errorCode);
        }
        sb.append(']');
        for (String c : context) {
            sb.append(" while ").append(c);
        }
        return sb.toString();
    }

    /** Maps a registry error answer to its typed exception. */
    static SchemaRegistryException fromResponse(int httpStatus, int errorCode, String message, String operation) {
        String msg = message == null || message.isBlank() ? "HTTP " + httpStatus : message;
        if (httpStatus == 401 || httpStatus == 403) {
            return new RegistryAuthenticationException(httpStatus, errorCode, operation, msg);
        }
        if (httpStatus >= 500) {
            return new RegistryServerException(httpStatus, errorCode, operation, msg);
        }
        switch (errorCode) {
            case 40401:
                return new SubjectNotFoundException(httpStatus, errorCode, operation, msg);
            case 40402:
                return new VersionNotFoundException(httpStatus, errorCode, operation, msg);
            case 40403:
                return new SchemaNotFoundException(httpStatus, errorCode, operation, msg);
            case 42201:
                return new InvalidSchemaException(httpStatus, errorCode, operation, msg);
            case 42202:
                return new InvalidVersionException(httpStatus, errorCode, operation, msg);
            case 42203:
                return new InvalidCompatibilityLevelException(httpStatus, errorCode, operation, msg);
            case 409:
                return new IncompatibleSchemaException(httpStatus, errorCode, operation, msg);
            default:
                if (httpStatus == 409) {
                    return new IncompatibleSchemaException(httpStatus, errorCode, operation, msg);
                }
                return new SchemaRegistryException(httpStatus, errorCode, operation, msg, null);
        }
    }
}
