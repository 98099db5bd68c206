package io.chorus.stream.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint ({@code <job id>/chk-N/_metadata}) under a checkpoint
 * directory: where the local run resumes from, and what the benchmark measures.
 */
public final class NewestCheckpoint {

    private NewestCheckpoint() {
    }

    public static Optional<Path> in(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            return jobs.filter(Files::isDirectory).flatMap(NewestCheckpoint::completed)
                    .max(Comparator.comparing(NewestCheckpoint::modified)).map(Path::getParent);
        }
    }

    private static Stream<Path> completed(Path job) {
        try (Stream<Path> children = Files.list(job)) {
            return children.filter(c -> c.getFileName().toString().startsWith("chk-")).map(c -> c.resolve("_metadata"))
                    .filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
