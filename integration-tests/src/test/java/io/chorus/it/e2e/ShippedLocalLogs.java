package io.chorus.it.e2e;

import io.chorus.local.pipeline.LocalPipeline;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Runs a test under the log configuration the local pipeline ships ({@code local-pipeline}'s
 * {@code log4j2.xml}, file under the given folder) instead of the tests' own, so what a field box
 * writes to {@code chorus.log} can be asserted; closing puts the tests' configuration back.
 */
final class ShippedLocalLogs implements AutoCloseable {

    private final LoggerContext context;
    private final URI testConfiguration;
    private final Path file;

    private ShippedLocalLogs(Path dir) throws IOException, URISyntaxException {
        this.context = (LoggerContext) LogManager.getContext(false);
        this.testConfiguration = context.getConfigLocation();
        this.file = dir.resolve("chorus.log");
        System.setProperty("chorus.log.dir", dir.toString());
        context.setConfigLocation(shipped());
    }

    static ShippedLocalLogs under(Path dir) throws IOException, URISyntaxException {
        Files.createDirectories(dir);
        return new ShippedLocalLogs(dir);
    }

    Path file() {
        return file;
    }

    /** WARN lines of the shipped log file (rolled files included) by the minute they were written in. */
    Map<String, Long> warningsPerMinute() throws IOException {
        Map<String, Long> perMinute = new TreeMap<>();
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("chorus(\\.\\d+)?\\.log")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    // "2026-11-30T05:58:42,972 WARN  [thread] Logger - message"
                    if (line.length() > 24 && line.startsWith("WARN", 24)) {
                        perMinute.merge(line.substring(0, 16), 1L, Long::sum);
                    }
                }
            }
        }
        return perMinute;
    }

    @Override
    public void close() {
        context.setConfigLocation(testConfiguration);
        System.clearProperty("chorus.log.dir");
    }

    /** local-pipeline's own log4j2.xml, not another module's of the same name on the class path. */
    private static URI shipped() throws URISyntaxException {
        URI home = LocalPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        return home.getPath().endsWith(".jar") ? URI.create("jar:" + home + "!/log4j2.xml") : home.resolve("log4j2.xml");
    }
}
