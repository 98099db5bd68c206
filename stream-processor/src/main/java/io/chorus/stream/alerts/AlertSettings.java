package io.chorus.stream.alerts;

import java.io.Serializable;

/**
 * When presence at a site is confirmed.
 *
 * @param positives       k: positive windows needed (from any recorder of the site)
 * @param spanSeconds     the positives' starts must lie within this span
 * @param cooldownSeconds after an alert, no new alert for the same site and species for this long
 *                        (event time, from the end of the alert's last window)
 */
public record AlertSettings(int positives, double spanSeconds, double cooldownSeconds) implements Serializable {

    public AlertSettings {
        if (positives < 1 || spanSeconds <= 0 || cooldownSeconds < 0) {
            throw new IllegalArgumentException("need k >= 1, span > 0 and cooldown >= 0");
        }
    }

    public static AlertSettings defaults() {
        return new AlertSettings(3, 60, 600);
    }

    public String rule() {
        return positives + " positive windows within " + fmt(spanSeconds) + " s, cooldown " + fmt(cooldownSeconds) + " s";
    }

    private static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
