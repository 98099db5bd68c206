package io.chorus.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the test cluster: its output goes to a log file, {@link #kill} is a SIGKILL (no
 * shutdown hooks, like a node losing power) and {@link #close} a SIGTERM with a SIGKILL after 20 s.
 * Every child runs under {@link OrphanGuard}, so it also dies when the JVM that started it dies,
 * however that happens.
 */
final class JvmProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private JvmProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param classPath entries of the child's class path; the guard's directory is put first
     * @param jvmArgs   e.g. -Xmx, -D settings
     */
    static JvmProcess start(String name, List<String> classPath, String mainClass, List<String> jvmArgs, List<String> args,
                            Path log, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dchorus.parent.pid=" + ProcessHandle.current().pid());
        command.add("-cp");
        List<String> cp = new ArrayList<>();
        cp.add(OrphanGuard.classDirectory(log.getParent()).toString());
        cp.addAll(classPath);
        command.add(String.join(java.io.File.pathSeparator, cp));
        command.add(OrphanGuard.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new JvmProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the log contains {@code marker}; fails early, with the log's tail, if the process exits. */
    void awaitLog(String marker, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logContains(marker)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before '" + marker + "': " + tail(2000));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log '" + marker + "' within " + timeout + ": " + tail(2000));
            }
            Thread.sleep(200);
        }
    }

    boolean logContains(String marker) {
        try {
            return Files.exists(log) && Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last characters of the log (text only: the children log text). */
    String tail(int chars) {
        try (InputStream in = Files.newInputStream(log)) {
            byte[] all = in.readAllBytes();
            int from = Math.max(0, all.length - chars);
            return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it is still there after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM to all at once, then SIGKILL to whatever is still there after {@code grace}: a
     * cluster's nodes stop together (one by one, the last Kafka node waits for a quorum that is gone).
     */
    static void stopAll(List<JvmProcess> processes, java.time.Duration grace) {
        List<JvmProcess> alive = processes.stream().filter(p -> p != null && p.alive()).toList();
        alive.forEach(p -> p.process.destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (JvmProcess p : alive) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.kill();
                }
            } catch (InterruptedException e) {
                p.kill();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
