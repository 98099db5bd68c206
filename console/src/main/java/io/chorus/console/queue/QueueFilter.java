package io.chorus.console.queue;

import io.chorus.schemas.avro.ReviewReason;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * What the reviewer narrowed the queue to; a null field does not filter.
 *
 * @param species a code the model detected in the window or ranked among its top three
 * @param date    the UTC day the window started
 */
public record QueueFilter(String siteId, String species, ReviewReason reason, Integer modelVersion, LocalDate date) {

    public static final QueueFilter NONE = new QueueFilter(null, null, null, null, null);

    /**
     * From query parameters (blank means no filter).
     *
     * @throws IllegalArgumentException naming the parameter and the value that cannot be read
     */
    public static QueueFilter parse(String site, String species, String reason, String version, String date) {
        ReviewReason r = null;
        if (!blank(reason)) {
            try {
                r = ReviewReason.valueOf(reason.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("reason '" + reason + "' is none of " + java.util.Arrays.toString(ReviewReason.values()));
            }
        }
        Integer v = null;
        if (!blank(version)) {
            try {
                v = Integer.valueOf(version.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model version '" + version + "' is not a whole number");
            }
        }
        LocalDate d = null;
        if (!blank(date)) {
            try {
                d = LocalDate.parse(date.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("date '" + date + "' is not a day like 2026-11-30");
            }
        }
        return new QueueFilter(blank(site) ? null : site.trim(), blank(species) ? null : species.trim().toUpperCase(Locale.ROOT), r, v, d);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public boolean accepts(QueueItem i) {
        if (siteId != null && !siteId.equals(i.siteId())) {
            return false;
        }
        if (reason != null && reason != i.reason()) {
            return false;
        }
        if (modelVersion != null && modelVersion != i.modelVersion()) {
            return false;
        }
        if (date != null && !date.equals(i.windowStart().atZone(ZoneOffset.UTC).toLocalDate())) {
            return false;
        }
        if (species != null) {
            boolean top = i.topScores().stream().limit(3).anyMatch(s -> s.getSpeciesCode().equals(species));
            return top || i.detectedSpecies().contains(species);
        }
        return true;
    }
}
