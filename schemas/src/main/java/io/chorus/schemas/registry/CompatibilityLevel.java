package io.chorus.schemas.registry;

import java.util.Locale;

/** Schema Registry compatibility levels, as in Confluent's API. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Parses a level case-insensitively; throws IllegalArgumentException naming the bad value. */
    public static CompatibilityLevel parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("compatibility level is missing");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + value + "'", e);
        }
    }

    /** New schemas must be readable by (as a reader of) old data. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Old schemas must be able to read data written with the new one. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Checked against every live version, not just the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
