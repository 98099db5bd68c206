package io.chorus.ingest.publish;

import io.chorus.audio.wav.AudioFormatException;
import io.chorus.audio.wav.WavAudio;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio file into {@code audio.chunks}: read it (WAV or FLAC), find its start time, pick or
 * average its channels and publish it. A file that cannot be used goes to {@link SkippedFiles}
 * (reported with its reason, counted, dead-lettered; a strict run stops). Used for files named on
 * the command line and for the files of a folder.
 */
public final class FilePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(FilePublisher.class);

    private final Function<Path, FolderPublisher.Origin> origin;
    private final ZoneId zone;
    private final Instant fallbackStart;
    private final int channel;
    private final ChunkPublisher publisher;
    private final SkippedFiles skipped;

    /**
     * @param fallbackStart start time for files whose name carries none, or null to skip them
     * @param channel       which channel of multi-channel files, or -1 to average them
     */
    public FilePublisher(Function<Path, FolderPublisher.Origin> origin, ZoneId zone, Instant fallbackStart, int channel,
                         ChunkPublisher publisher, SkippedFiles skipped) {
        this.origin = origin;
        this.zone = zone;
        this.fallbackStart = fallbackStart;
        this.channel = channel;
        this.publisher = publisher;
        this.skipped = skipped;
    }

    /** The file's start time from its name (AnuraSet, AudioMoth, Song Meter conventions). */
    public Optional<Instant> startOf(Path f) {
        return FileNameTime.parse(f.getFileName().toString(), zone);
    }

    /** @return true when the file was published, false when it was skipped (see {@link #skipped()}) */
    public boolean publish(Path f) throws IOException, InterruptedException {
        Optional<Instant> start = startOf(f).or(() -> Optional.ofNullable(fallbackStart));
        if (start.isEmpty()) {
            return skip(f, "NO_START_TIME", f + ": no start time in the file name (expected ..._YYYYMMDD_HHMMSS.wav; "
                    + "or pass --start-time)");
        }
        WavAudio audio;
        try {
            audio = AudioFiles.read(f);
        } catch (AudioFormatException e) {
            return skip(f, e.reasonCode(), e.getMessage());
        }
        if (channel >= audio.channels()) {
            return skip(f, "NO_SUCH_CHANNEL", f + ": channel " + channel + " requested, the file has " + audio.channels());
        }
        FolderPublisher.Origin o = origin.apply(f);
        long sent = publisher.publish(new Recording(o.recorderId(), o.siteId(), start.get(), audio.sampleRateHz(),
                audio.mono(channel), f.toString(), Map.of()));
        LOG.info("{}: {} chunks published ({} s of audio)", f.getFileName(), sent, String.format("%.1f", audio.seconds()));
        return true;
    }

    /** Files skipped so far, each as {@code CODE: reason}. */
    public List<String> skipped() {
        return skipped.all().stream().map(SkippedFiles.Skipped::toString).toList();
    }

    private boolean skip(Path f, String code, String reason) {
        return skipped.skip(f, origin.apply(f).recorderId(), code, reason);
    }
}
