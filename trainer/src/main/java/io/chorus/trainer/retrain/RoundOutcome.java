package io.chorus.trainer.retrain;

import java.util.Locale;

/** How a round ended; the label of {@code chorus_trainer_rounds_total}. */
public enum RoundOutcome {
    /** The first model of the line was trained and published as v1. */
    BOOTSTRAPPED,
    /** The challenger passed the gate and was published. */
    PROMOTED,
    /** The challenger failed the gate; its report is on disk, nothing was published. */
    REJECTED,
    /** The hold-out was too small to tell; nothing was published, the report says how many reviewed clips would decide. */
    INCONCLUSIVE,
    /** Nothing to learn: no labelled clips since a published lineage. */
    SKIPPED,
    /** An error ended the round before publishing (too large, champion changed, broker down ...). */
    FAILED,
    /** The process died mid-round; found at the next start. Nothing was published. */
    INTERRUPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
