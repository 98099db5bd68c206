package io.chorus.stream.review;

import java.io.Serializable;

/**
 * Which windows go to experts, and how many.
 *
 * @param uncertainLow         a window whose best score is in [low, high) is uncertain
 * @param uncertainHigh        upper end of the band (exclusive)
 * @param uncertainPerHour     most uncertain windows requested per recorder per hour (event time)
 * @param rarePerHour          most rare/priority positives requested per recorder per hour
 */
public record ReviewSettings(float uncertainLow, float uncertainHigh, int uncertainPerHour, int rarePerHour)
        implements Serializable {

    public ReviewSettings {
        if (!(uncertainLow >= 0 && uncertainLow < uncertainHigh && uncertainHigh <= 1)) {
            throw new IllegalArgumentException("need 0 <= low < high <= 1 for the uncertainty band, got ["
                    + uncertainLow + ", " + uncertainHigh + ")");
        }
        if (uncertainPerHour < 0 || rarePerHour < 0) {
            throw new IllegalArgumentException("review rates must be >= 0");
        }
    }

    /** Whether a best score lies inside the uncertainty band [low, high). */
    public boolean uncertain(float bestScore) {
        return bestScore >= uncertainLow && bestScore < uncertainHigh;
    }

    public static ReviewSettings defaults() {
        return new ReviewSettings(0.35f, 0.65f, 6, 60);
    }
}
