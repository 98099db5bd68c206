package io.chorus.console.web;

/**
 * Bad input the console turns away: an HTTP status, a reason code (the metric's label) and a
 * message naming the thing and the reason. Nothing is written to Kafka for a refused request.
 */
public final class Refusal extends RuntimeException {

    private final int status;
    private final String code;

    public Refusal(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
