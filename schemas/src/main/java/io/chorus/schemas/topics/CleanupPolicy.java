package io.chorus.schemas.topics;

/** Kafka's {@code cleanup.policy}: keep everything for a time, or keep the latest value per key. */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value Kafka expects in the topic config. */
    public String configValue() {
        return configValue;
    }
}
