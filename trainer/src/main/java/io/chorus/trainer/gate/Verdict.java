package io.chorus.trainer.gate;

import java.util.Locale;

/** What the evidence says of one check, one hold-out, or the whole gate. */
public enum Verdict {
    /** The challenger is shown to be no worse than the champion beyond the check's margin. */
    PASS,
    /** The challenger is shown to be worse than the champion beyond the check's margin. */
    REJECT,
    /** The hold-out is too small to tell either way. */
    INCONCLUSIVE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
