package io.chorus.ingest.publish;

import io.chorus.audio.wav.AudioFormatException;
import io.chorus.audio.wav.WavAudio;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio file into {@code audio.chunks}: read it (WAV or FLAC), find its start time, pick or
 * average its channels and publish it. A file that cannot be used is reported with its reason,
 * counted, and skipped ({@code strict} stops instead). Used for files named on the command line
 * and for the files of a folder.
 */
public final class FilePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(FilePublisher.class);

    private final Function<Path, FolderPublisher.Origin> origin;
    private final ZoneId zone;
    private final Instant fallbackStart;
    private final int channel;
    private final ChunkPublisher publisher;
    private final PublisherMetrics metrics;
    private final boolean strict;
    private final List<Skipped> skipped = new ArrayList<>();

    /** A file left out: the reason code (as counted in the metrics) and the message naming the file. */
    public record Skipped(String reasonCode, String message) {
        @Override
        public String toString() {
            return reasonCode + ": " + message;
        }
    }

    /**
     * @param fallbackStart start time for files whose name carries none, or null to skip them
     * @param channel       which channel of multi-channel files, or -1 to average them
     */
    public FilePublisher(Function<Path, FolderPublisher.Origin> origin, ZoneId zone, Instant fallbackStart, int channel,
                         ChunkPublisher publisher, PublisherMetrics metrics, boolean strict) {
        this.origin = origin;
        this.zone = zone;
        this.fallbackStart = fallbackStart;
        this.channel = channel;
        this.publisher = publisher;
        this.metrics = metrics;
        this.strict = strict;
    }

    /** The file's start time from its name (AnuraSet, AudioMoth, Song Meter conventions). */
    public Optional<Instant> startOf(Path f) {
        return FileNameTime.parse(f.getFileName().toString(), zone);
    }

    /** @return true when the file was published, false when it was skipped (see {@link #skipped()}) */
    public boolean publish(Path f) throws IOException, InterruptedException {
        Optional<Instant> start = startOf(f).or(() -> Optional.ofNullable(fallbackStart));
        if (start.isEmpty()) {
            return skip("NO_START_TIME", f + ": no start time in the file name (expected ..._YYYYMMDD_HHMMSS.wav; "
                    + "or pass --start-time)");
        }
        WavAudio audio;
        try {
            audio = AudioFiles.read(f);
        } catch (AudioFormatException e) {
            return skip(e.reasonCode(), e.getMessage());
        }
        if (channel >= audio.channels()) {
            return skip("NO_SUCH_CHANNEL", f + ": channel " + channel + " requested, the file has " + audio.channels());
        }
        FolderPublisher.Origin o = origin.apply(f);
        long sent = publisher.publish(new Recording(o.recorderId(), o.siteId(), start.get(), audio.sampleRateHz(),
                audio.mono(channel), f.toString(), Map.of()));
        LOG.info("{}: {} chunks published ({} s of audio)", f.getFileName(), sent, String.format("%.1f", audio.seconds()));
        return true;
    }

    /** Files skipped so far, each as {@code CODE: reason}. */
    public List<String> skipped() {
        return skippedFiles().stream().map(Skipped::toString).toList();
    }

    public List<Skipped> skippedFiles() {
        return List.copyOf(skipped);
    }

    private boolean skip(String code, String reason) {
        metrics.error(code);
        skipped.add(new Skipped(code, reason));
        LOG.warn("skipped {}", reason);
        if (strict) {
            throw new IllegalStateException("--strict: " + reason);
        }
        return false;
    }
}
