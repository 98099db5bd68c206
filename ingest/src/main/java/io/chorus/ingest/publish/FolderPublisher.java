package io.chorus.ingest.publish;

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
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A recorder's folder: the backlog published in time order, then new files as they appear. A
 * file still being written is left alone until its size has stopped changing for the settle time
 * and it decodes completely. A file that cannot be read goes to {@link SkippedFiles} (reported,
 * counted, dead-lettered; a strict run stops). Re-running over the same folder publishes nothing twice:
 * the chunk publisher resumes after what the topic holds.
 */
public final class FolderPublisher {

    /** Who recorded a file: recorder id and site. */
    public record Origin(String recorderId, String siteId) {
    }

    private final Path folder;
    private final Duration settle;
    private final FilePublisher files;
    private final Set<Path> done = new HashSet<>();
    private final Map<Path, long[]> seen = new HashMap<>(); // size, first time seen at that size (ms)

    /**
     * @param channel which channel of multi-channel files, or -1 to average them
     */
    public FolderPublisher(Path folder, java.util.function.Function<Path, Origin> origin, ZoneId zone, Duration settle,
                           int channel, ChunkPublisher publisher, SkippedFiles skipped) {
        this.folder = folder;
        this.settle = settle;
        this.files = new FilePublisher(origin, zone, null, channel, publisher, skipped);
    }

    /** Files skipped so far, each with its reason. */
    public List<String> skipped() {
        return files.skipped();
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
        ready.sort(Comparator.comparing((Path f) -> files.startOf(f).orElse(Instant.MAX)).thenComparing(Path::toString));
        int published = 0;
        for (Path f : ready) {
            if (files.publish(f)) {
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
}
