package io.chorus.notifier.channel;

/** A delivery attempt failed; {@code retryable} is false when trying again cannot help (a 4xx answer, a bad address). */
public final class DeliveryException extends Exception {

    private final boolean retryable;

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
