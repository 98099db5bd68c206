package io.chorus.ingest.health;

import java.time.Duration;

/**
 * How recorders are watched.
 *
 * @param window       event-time length of one health report's window
 * @param offlineAfter a recorder with no chunk for this long (wall clock) is reported OFFLINE
 * @param silenceDbfs  samples quieter than this count as silence
 * @param clipLevel    samples at or beyond this absolute value count as clipped (full scale = 1)
 */
public record HealthSettings(Duration window, Duration offlineAfter, double silenceDbfs, double clipLevel) {

    public HealthSettings {
        if (window.isZero() || window.isNegative() || offlineAfter.isZero() || offlineAfter.isNegative()) {
            throw new IllegalArgumentException("window and offline time must be > 0");
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), -60.0, 0.999);
    }
}
