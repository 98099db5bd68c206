package io.chorus.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs another main class and halts this JVM when the parent (the test or the launcher) is gone,
 * so a failed or killed test never leaves brokers and task managers behind. Only this class is
 * put on the child's class path (copied into its own directory), not the test classes.
 */
public final class OrphanGuard {

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        String parent = System.getProperty("chorus.parent.pid");
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(137)),
                    () -> Runtime.getRuntime().halt(137));
        }
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    /** A directory holding only this class, under {@code dir}. */
    static synchronized Path classDirectory(Path dir) {
        String resource = OrphanGuard.class.getName().replace('.', '/') + ".class";
        Path root = dir.resolve("orphan-guard");
        Path file = root.resolve(resource);
        if (!Files.exists(file)) {
            try (InputStream in = OrphanGuard.class.getClassLoader().getResourceAsStream(resource)) {
                Files.createDirectories(file.getParent());
                Files.write(file, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + resource, e);
            }
        }
        return root.toAbsolutePath();
    }
}
