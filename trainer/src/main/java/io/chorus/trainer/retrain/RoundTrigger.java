package io.chorus.trainer.retrain;

import java.util.Locale;

/** Why a round started. */
public enum RoundTrigger {
    /** The line has no model yet. */
    BOOTSTRAP,
    /** The previous process died mid-round. */
    RESUME,
    /** {@code POST /retrain} or {@code trainer retrain}. */
    ON_DEMAND,
    /** Enough labelled clips arrived since the last round. */
    COUNT,
    /** The round interval passed. */
    SCHEDULE;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
