package io.chorus.audio.synthetic;

import io.chorus.audio.species.SpeciesGroups;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Everything that determines a synthetic chorus data set, with the seed. Read from a properties
 * file (keys as the component names); anything missing takes the default shown by
 * {@link #defaults()}.
 *
 * @param seed         every random choice derives from it
 * @param sites        site names; each has its own background and species
 * @param recordings   how many recordings per site, how long, at what rate
 * @param clips        how recordings are cut into clips
 * @param testFraction share of each site's recordings in the test split
 * @param snr          how loud calls are over the background
 * @param species      species codes, in label order
 */
public record ChorusConfig(long seed, List<String> sites, Recordings recordings, Clips clips, double testFraction, Snr snr,
                           List<String> species) {

    /**
     * @param perSite      recordings per site
     * @param seconds      length of one recording
     * @param sampleRateHz rate of the written audio (AnuraSet: 22,050)
     */
    public record Recordings(int perSite, double seconds, int sampleRateHz) {
    }

    /**
     * @param seconds    clip length (3 s)
     * @param hopSeconds hop between clips of a recording (AnuraSet: 1 s)
     */
    public record Clips(double seconds, double hopSeconds) {
    }

    /** Quietest and loudest call over the background, dB. */
    public record Snr(double minDb, double maxDb) {
    }

    public ChorusConfig {
        if (sites.isEmpty() || species.isEmpty()) {
            throw new IllegalArgumentException("synthetic chorus needs at least one site and one species");
        }
        if (recordings.perSite() < 2) {
            throw new IllegalArgumentException("recordingsPerSite must be >= 2 so both splits get recordings, got " + recordings.perSite());
        }
        if (recordings.seconds() < clips.seconds() || clips.hopSeconds() <= 0) {
            throw new IllegalArgumentException("recordings must hold at least one clip and the hop must be > 0");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
    }

    public static ChorusConfig defaults() {
        return new ChorusConfig(42L, List.of("INCT4", "INCT17", "INCT20955", "INCT41"), new Recordings(24, 60.0, 22_050),
                new Clips(3.0, 1.0), 0.25, new Snr(-6.0, 24.0), SpeciesGroups.ANURASET_SPECIES);
    }

    /** Reads overrides of {@link #defaults()} from a properties file. */
    public static ChorusConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        ChorusConfig d = defaults();
        try {
            return new ChorusConfig(
                    Long.parseLong(p.getProperty("seed", Long.toString(d.seed()))),
                    list(p.getProperty("sites"), d.sites()),
                    new Recordings(Integer.parseInt(p.getProperty("recordingsPerSite", Integer.toString(d.recordingsPerSite()))),
                            Double.parseDouble(p.getProperty("recordingSeconds", Double.toString(d.recordingSeconds()))),
                            Integer.parseInt(p.getProperty("sampleRateHz", Integer.toString(d.sampleRateHz())))),
                    new Clips(Double.parseDouble(p.getProperty("clipSeconds", Double.toString(d.clipSeconds()))),
                            Double.parseDouble(p.getProperty("clipHopSeconds", Double.toString(d.clipHopSeconds())))),
                    Double.parseDouble(p.getProperty("testFraction", Double.toString(d.testFraction()))),
                    new Snr(Double.parseDouble(p.getProperty("snrMinDb", Double.toString(d.snrMinDb()))),
                            Double.parseDouble(p.getProperty("snrMaxDb", Double.toString(d.snrMaxDb())))),
                    list(p.getProperty("species"), d.species()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The config as a properties file body, so a data set records exactly what made it. */
    public String toProperties() {
        return String.join("\n",
                "seed=" + seed, "sites=" + String.join(",", sites), "recordingsPerSite=" + recordingsPerSite(),
                "recordingSeconds=" + recordingSeconds(), "sampleRateHz=" + sampleRateHz(), "clipSeconds=" + clipSeconds(),
                "clipHopSeconds=" + clipHopSeconds(), "testFraction=" + testFraction, "snrMinDb=" + snrMinDb(),
                "snrMaxDb=" + snrMaxDb(), "species=" + String.join(",", species)) + "\n";
    }

    public int recordingsPerSite() {
        return recordings.perSite();
    }

    public double recordingSeconds() {
        return recordings.seconds();
    }

    public int sampleRateHz() {
        return recordings.sampleRateHz();
    }

    public double clipSeconds() {
        return clips.seconds();
    }

    public double clipHopSeconds() {
        return clips.hopSeconds();
    }

    public double snrMinDb() {
        return snr.minDb();
    }

    public double snrMaxDb() {
        return snr.maxDb();
    }

    private static List<String> list(String value, List<String> fallback) {
        return value == null ? fallback : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
