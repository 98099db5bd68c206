package io.chorus.console.export;

import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.SpeciesScore;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The detection export formats: one row per detected species of a window, times in seconds from
 * the start of the exported range (the "recording" the table annotates).
 *
 * <ul>
 *   <li>RAVEN: a Raven Pro selection table (tab-separated; Selection, View, Channel, Begin/End
 *       Time (s), Low/High Freq (Hz), then Species, Score, Recorder, Site, Model Version)</li>
 *   <li>CSV: the same rows with absolute UTC times, for spreadsheets and scripts</li>
 *   <li>AUDACITY: a label track (start, end, "SPECIES score")</li>
 * </ul>
 */
public enum ExportFormat {
    RAVEN("text/tab-separated-values", "selections.txt"),
    CSV("text/csv", "detections.csv"),
    AUDACITY("text/plain", "labels.txt");

    /** The frequency band a row's box spans (the model's front end band). */
    public record Band(double lowHz, double highHz) {
    }

    public static final String[] RAVEN_COLUMNS = {"Selection", "View", "Channel", "Begin Time (s)", "End Time (s)", "Low Freq (Hz)",
            "High Freq (Hz)", "Species", "Score", "Recorder", "Site", "Model Version"};
    public static final String[] CSV_COLUMNS = {"recorder_id", "site_id", "window_start", "window_end", "begin_s", "end_s", "species",
            "score", "model_name", "model_version"};

    private final String contentType;
    private final String fileSuffix;

    ExportFormat(String contentType, String fileSuffix) {
        this.contentType = contentType;
        this.fileSuffix = fileSuffix;
    }

    public String contentType() {
        return contentType;
    }

    public String fileName(String subject) {
        return subject.replaceAll("[^A-Za-z0-9._-]", "_") + "." + fileSuffix;
    }

    /** @throws IllegalArgumentException naming the format that is not known */
    public static ExportFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("export format '" + s + "' is none of raven, csv, audacity");
        }
    }

    /** Writes the header (none for Audacity). */
    public void header(Writer out) throws IOException {
        switch (this) {
            case RAVEN -> out.write(String.join("\t", RAVEN_COLUMNS) + "\n");
            case CSV -> out.write(String.join(",", CSV_COLUMNS) + "\n");
            case AUDACITY -> {
            }
        }
    }

    /**
     * Writes a detection's rows.
     *
     * @param rangeStart what times are relative to
     * @param selection  the number of the first row (Raven numbers selections from 1)
     * @return the number of rows written
     */
    public int rows(Writer out, Detection d, Instant rangeStart, int selection, Band band) throws IOException {
        double begin = seconds(rangeStart, d.getWindowStart());
        double end = seconds(rangeStart, d.getWindowEnd());
        int n = 0;
        for (String species : d.getDetectedSpecies()) {
            float score = score(d, species);
            switch (this) {
                case RAVEN -> out.write(String.format(Locale.ROOT, "%d\tSpectrogram 1\t1\t%.3f\t%.3f\t%.1f\t%.1f\t%s\t%.4f\t%s\t%s\t%d%n",
                        selection + n, begin, end, band.lowHz(), band.highHz(), species, score, d.getRecorderId(), d.getSiteId(),
                        d.getModelVersion()));
                case CSV -> out.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%.3f,%.3f,%s,%.4f,%s,%d%n", csv(d.getRecorderId()),
                        csv(d.getSiteId()), d.getWindowStart(), d.getWindowEnd(), begin, end, csv(species), score, csv(d.getModelName()),
                        d.getModelVersion()));
                case AUDACITY -> out.write(String.format(Locale.ROOT, "%.6f\t%.6f\t%s %.3f%n", begin, end, species, score));
            }
            n++;
        }
        return n;
    }

    private static double seconds(Instant from, Instant t) {
        return Duration.between(from, t).toNanos() / 1e9;
    }

    private static float score(Detection d, String species) {
        for (SpeciesScore s : d.getScores()) {
            if (s.getSpeciesCode().equals(species)) {
                return s.getScore();
            }
        }
        return Float.NaN;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
