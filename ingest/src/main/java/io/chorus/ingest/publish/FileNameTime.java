package io.chorus.ingest.publish;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recording start times from file names, as field recorders write them:
 * AudioMoth {@code 20231105_213000.WAV}, Song Meter {@code SMA01234_20231105_213000.wav}
 * (also with a {@code $} or {@code -} separator), AnuraSet raw files {@code INCT4_20191105_213000.wav}.
 * AudioMoth writes UTC; Song Meters write the recorder's local time, so the zone is a parameter.
 */
public final class FileNameTime {

    private static final Pattern STAMP = Pattern.compile("(?:^|[_$\\-])(\\d{8})[_$\\-]?(\\d{6})(?=\\D|$)");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private FileNameTime() {
    }

    /** The start time in the name, read in {@code zone}; empty when the name carries none. */
    public static Optional<Instant> parse(String fileName, ZoneId zone) {
        Matcher m = STAMP.matcher(fileName);
        Optional<Instant> found = Optional.empty();
        while (m.find()) {
            try {
                found = Optional.of(LocalDateTime.parse(m.group(1) + m.group(2), FORMAT).atZone(zone).toInstant());
            } catch (DateTimeParseException e) {
                // eight digits that are not a date (a serial number): keep looking
            }
        }
        return found;
    }

    /** The part before the time stamp (Song Meter serial, AnuraSet site), empty for AudioMoth names. */
    public static String prefix(String fileName) {
        Matcher m = STAMP.matcher(fileName);
        if (!m.find()) {
            return "";
        }
        String p = fileName.substring(0, m.start());
        return p;
    }
}
