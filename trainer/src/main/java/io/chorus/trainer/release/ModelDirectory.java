package io.chorus.trainer.release;

import io.chorus.model.release.ModelReleases;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.serde.AvroTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The trainer's copy of a model line on disk, beside the topic (which compaction thins to the
 * newest release): {@code <root>/<model>/v<N>/} holds {@code model.chorus} (the artifact, as
 * released), {@code release.avro} (the whole release, for rollback) and {@code release.json}
 * (the same without the artifact, for people). A version directory appears whole or not at all
 * (written beside, then renamed).
 */
public final class ModelDirectory {

    private final Path line;

    public ModelDirectory(Path root, String modelName) {
        this.line = root.resolve(modelName);
    }

    public Path path() {
        return line;
    }

    public Path versionDir(int version) {
        return line.resolve("v" + version);
    }

    /** Writes the release's copy unless it is there already. */
    public void store(ModelRelease release) throws IOException {
        Path target = versionDir(release.getVersion());
        if (Files.isRegularFile(target.resolve("release.avro"))) {
            return;
        }
        Files.createDirectories(line);
        Path partial = line.resolve("v" + release.getVersion() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        Files.write(partial.resolve("model.chorus"), ModelReleases.artifactBytesOf(release));
        AvroTrust.trustChorusRecords();
        ByteBuffer avro = release.toByteBuffer();
        byte[] bytes = new byte[avro.remaining()];
        avro.get(bytes);
        Files.write(partial.resolve("release.avro"), bytes);
        Files.writeString(partial.resolve("release.json"),
                ModelRelease.newBuilder(release).setArtifact(ByteBuffer.allocate(0)).build().toString() + "\n");
        deleteTree(target);
        moveAtomically(partial, target);
    }

    /** The stored copy of a version. */
    public Optional<ModelRelease> read(int version) throws IOException {
        Path file = versionDir(version).resolve("release.avro");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        AvroTrust.trustChorusRecords();
        return Optional.of(ModelRelease.fromByteBuffer(ByteBuffer.wrap(Files.readAllBytes(file))));
    }

    /** Versions stored whole, ascending. */
    public List<Integer> versions() throws IOException {
        if (!Files.isDirectory(line)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(line)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.matches("v\\d+") && Files.isRegularFile(p.resolve("release.avro"))) {
                    out.add(Integer.parseInt(n.substring(1)));
                }
            });
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Every stored release, ascending by version. */
    public List<ModelRelease> releases() throws IOException {
        List<ModelRelease> out = new ArrayList<>();
        for (int v : versions()) {
            read(v).ifPresent(out::add);
        }
        return out;
    }

    /** Writes a file whole or not at all. */
    public static void writeAtomically(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
