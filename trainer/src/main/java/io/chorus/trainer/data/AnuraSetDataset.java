package io.chorus.trainer.data;

import io.chorus.audio.species.SpeciesGroups;
import io.chorus.audio.wav.AudioFormatException;
import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads AnuraSet's published layout (also what the synthetic generator writes):
 * {@code metadata.csv} plus {@code audio/<site>/<sample_name>.wav}. Variants: {@code anuraset}
 * (42 classes), {@code anuraset36n} (drops the 6 classes absent from a split),
 * {@code anuraset36} (also drops clips with no active class).
 *
 * <p>Audio is resampled to the model rate and cut or zero-padded to one window. A clip whose file
 * is missing, unreadable, truncated, in an unsupported encoding, not mono, holds non-finite
 * samples or is shorter than the window is skipped and counted in the {@link SkipReport} (or,
 * in strict mode, stops the load), naming the file and the reason.
 */
public final class AnuraSetDataset {

    private static final int FIXED_COLUMNS = 8; // sample_name,fname,min_t,max_t,site,date,species_number,subset
    /** A clip may be this much shorter than the window (rounding at the recording's end). */
    private static final double SHORT_TOLERANCE = 0.99;

    private final List<String> species;
    private final List<LabeledClip> clips;
    private final String fingerprint;

    private AnuraSetDataset(List<String> species, List<LabeledClip> clips, String fingerprint) {
        this.species = species;
        this.clips = clips;
        this.fingerprint = fingerprint;
    }

    /** Told after each metadata row: rows done, rows in all. */
    public interface Progress {
        void update(long done, long total);
    }

    public static AnuraSetDataset load(Path root, String variant, FeatureConfig features, SkipReport skips,
                                       Progress progress) throws IOException {
        String v = variant.toLowerCase(Locale.ROOT);
        if (!List.of("anuraset", "anuraset36n", "anuraset36").contains(v)) {
            throw new IllegalArgumentException("variant must be anuraset, anuraset36n or anuraset36, got '" + variant + "'");
        }
        Path metadata = root.resolve("metadata.csv");
        if (!Files.isRegularFile(metadata)) {
            throw new IOException(root + " is not an AnuraSet-layout data set: " + metadata + " is missing");
        }
        List<String> lines = Files.readAllLines(metadata);
        if (lines.isEmpty()) {
            throw new IOException(metadata + " is empty");
        }
        String[] header = lines.get(0).split(",", -1);
        if (header.length <= FIXED_COLUMNS || !header[0].equals("sample_name") || !header[7].equals("subset")) {
            throw new IOException(metadata + ": header must start with sample_name,fname,min_t,max_t,site,date,species_number,subset");
        }
        List<Integer> keptColumns = new ArrayList<>();
        List<String> species = new ArrayList<>();
        for (int c = FIXED_COLUMNS; c < header.length; c++) {
            String code = header[c].trim();
            if (code.isEmpty() || (!v.equals("anuraset") && SpeciesGroups.ABSENT_IN_A_SPLIT.contains(code))) {
                continue;
            }
            keptColumns.add(c);
            species.add(code);
        }
        MessageDigest digest = sha256();
        digest.update(lines.get(0).getBytes());
        List<LabeledClip> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            progress.update(i - 1, lines.size() - 1);
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < header.length) {
                skips.skip("BAD_METADATA_ROW", metadata + " line " + (i + 1) + ": " + cells.length + " columns, header has " + header.length);
                continue;
            }
            int[] labels = new int[keptColumns.size()];
            int present = 0;
            for (int k = 0; k < labels.length; k++) {
                labels[k] = cells[keptColumns.get(k)].trim().equals("1") ? 1 : 0;
                present += labels[k];
            }
            if (v.equals("anuraset36") && present == 0) {
                continue;
            }
            Path file = root.resolve("audio").resolve(cells[4]).resolve(cells[0] + ".wav");
            float[] audio = readWindow(file, features, skips);
            if (audio == null) {
                continue;
            }
            digest.update(line.getBytes());
            digest.update(Long.toString(Files.size(file)).getBytes());
            clips.add(new LabeledClip(cells[0], cells[1], cells[4], cells[7].trim(), audio, labels));
        }
        progress.update(lines.size() - 1, lines.size() - 1);
        return new AnuraSetDataset(List.copyOf(species), List.copyOf(clips), HexFormat.of().formatHex(digest.digest()));
    }

    private static float[] readWindow(Path file, FeatureConfig features, SkipReport skips) {
        if (!Files.isRegularFile(file)) {
            skips.skip("MISSING_FILE", file + ": listed in metadata.csv but not on disk");
            return null;
        }
        WavAudio wav;
        try {
            wav = WavCodec.read(file);
        } catch (AudioFormatException e) {
            skips.skip(e.reasonCode(), e.getMessage());
            return null;
        } catch (IOException e) {
            skips.skip("UNREADABLE", file + ": " + e.getMessage());
            return null;
        }
        if (wav.channels() != 1) {
            skips.skip("WRONG_CHANNELS", file + ": " + wav.channels() + " channels, AnuraSet clips are mono");
            return null;
        }
        double needed = features.windowSeconds() * SHORT_TOLERANCE;
        if (wav.seconds() < needed) {
            skips.skip("TOO_SHORT", String.format(Locale.ROOT, "%s: %.3f s, the window is %.1f s", file, wav.seconds(),
                    features.windowSeconds()));
            return null;
        }
        return Resampler.toModelWindow(wav.samples(), wav.sampleRateHz(), features);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> species() {
        return species;
    }

    public List<LabeledClip> clips() {
        return clips;
    }

    public List<LabeledClip> subset(String name) {
        return clips.stream().filter(c -> c.subset().equals(name)).toList();
    }

    /** SHA-256 over the metadata rows loaded and the file sizes: the base data set's lineage hash. */
    public String fingerprint() {
        return fingerprint;
    }
}
