package io.chorus.trainer.gate;

import java.util.Locale;

/**
 * A difference challenger − champion with its bootstrap confidence interval.
 *
 * @param estimate the difference on the whole hold-out
 * @param lower    lower end of the interval
 * @param upper    upper end of the interval
 */
public record Interval(double estimate, double lower, double upper) {

    /** "+0.041 [+0.012, +0.069]". */
    public String format() {
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", estimate, lower, upper);
    }

    /** The width of the interval. */
    public double width() {
        return upper - lower;
    }
}
