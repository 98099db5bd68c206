package io.chorus.model.release;

/** A model whose compressed artifact does not fit inline in a {@code models} record. */
public class ReleaseTooLargeException extends Exception {

    public ReleaseTooLargeException(String message) {
        super(message);
    }
}
