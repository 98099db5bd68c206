package io.chorus.local.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The local run's checkpoint housekeeping; finding the newest one is {@link NewestCheckpoint}'s. */
final class LatestCheckpoint {

    private LatestCheckpoint() {
    }

    /** Keeps only the job directory of the checkpoint resumed from (each start is a new job id). */
    static void deleteOtherJobs(Path checkpoints, Path keep) throws IOException {
        Path keepJob = keep.getParent();
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            for (Path job : jobs.filter(Files::isDirectory).filter(j -> !j.equals(keepJob)).toList()) {
                try (Stream<Path> tree = Files.walk(job)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
