package io.chorus.ingest.publish;

import io.chorus.audio.wav.AudioFormatException;
import io.chorus.audio.wav.WavAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recorder's folder: the backlog published in time order, then new files as they appear. A
 * file still being written is left alone until its size has stopped changing for the settle time
 * and it decodes completely. A file that cannot be read is reported with its reason, counted, and
 * skipped ({@code strict} stops instead). Re-running over the same folder publishes nothing twice:
 * the chunk publisher resumes after what the topic holds.
 */
public final class FolderPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPublisher.class);

    /** Who recorded a file: recorder id and site. */
    public record Origin(String recorderId, String siteId) {
    }

    private final Path folder;
    private final java.util.function.Function<Path, Origin> origin;
    private final ZoneId zone;
    private final Duration settle;
    private final int channel;
    private final ChunkPublisher publisher;
    private final PublisherMetrics metrics;
    private final boolean strict;
    private final Set<Path> done = new HashSet<>();
    private final Map<Path, long[]> seen = new HashMap<>(); // size, first time seen at that size (ms)
    private final List<String> skipped = new ArrayList<>();

    /**
     * @param channel which channel of multi-channel files, or -1 to average them
     */
    public FolderPublisher(Path folder, java.util.function.Function<Path, Origin> origin, ZoneId zone, Duration settle,
                           int channel, ChunkPublisher publisher, PublisherMetrics metrics, boolean strict) {
        this.folder = folder;
        this.origin = origin;
        this.zone = zone;
        this.settle = settle;
        this.channel = channel;
        this.publisher = publisher;
        this.metrics = metrics;
        this.strict = strict;
    }

    /** Files skipped so far, each with its reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** One pass: publishes every settled, not yet published file in time order. @return files published */
    public int scan() throws IOException, InterruptedException {
        List<Path> ready = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(Files::isRegularFile).filter(AudioFiles::isAudio).toList()) {
                if (done.contains(f)) {
                    continue;
                }
                long size = Files.size(f);
                long[] s = seen.get(f);
                if (s == null || s[0] != size) {
                    seen.put(f, new long[]{size, now});
                    if (settle.isZero()) {
                        ready.add(f);
                    }
                } else if (now - s[1] >= settle.toMillis()) {
                    ready.add(f);
                }
            }
        }
        ready.sort(Comparator.comparing((Path f) -> startOf(f).orElse(Instant.MAX)).thenComparing(Path::toString));
        int published = 0;
        for (Path f : ready) {
            if (publishFile(f)) {
                published++;
            }
            done.add(f);
        }
        return published;
    }

    /** Scans every {@code poll} until {@code keepGoing} says stop. */
    public void watch(Duration poll, BooleanSupplier keepGoing) throws IOException, InterruptedException {
        while (keepGoing.getAsBoolean()) {
            scan();
            Thread.sleep(poll.toMillis());
        }
    }

    private Optional<Instant> startOf(Path f) {
        return FileNameTime.parse(f.getFileName().toString(), zone);
    }

    private boolean publishFile(Path f) throws IOException, InterruptedException {
        Optional<Instant> start = startOf(f);
        if (start.isEmpty()) {
            return skip(f, "NO_START_TIME", f + ": no start time in the file name (expected ..._YYYYMMDD_HHMMSS.wav)");
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
        Origin o = origin.apply(f);
        long sent = publisher.publish(new Recording(o.recorderId(), o.siteId(), start.get(), audio.sampleRateHz(),
                audio.mono(channel), f.toString(), Map.of()));
        LOG.info("{}: {} chunks published ({} s of audio)", f.getFileName(), sent, String.format("%.1f", audio.seconds()));
        return true;
    }

    private boolean skip(Path f, String code, String reason) {
        metrics.error(code);
        skipped.add(code + ": " + reason);
        LOG.warn("skipped {}", reason);
        if (strict) {
            throw new IllegalStateException("--strict: " + reason);
        }
        return false;
    }
}
