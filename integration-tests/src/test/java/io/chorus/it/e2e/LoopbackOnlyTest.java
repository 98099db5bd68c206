package io.chorus.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.local.pipeline.LocalPipeline;
import io.chorus.local.pipeline.PipelineSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run with its default --bind listens on loopback only: every TCP socket this process
 * listens on once everything has started (broker, registry, trainer, recorder health, console,
 * the pipeline's /metrics, Flink's metrics and the MiniCluster's own sockets) is on 127.0.0.1 or
 * ::1, read from /proc/self/net/tcp and tcp6 for the sockets among this process's descriptors.
 */
class LoopbackOnlyTest {

    @TempDir
    Path dir;

    /** One listening socket: its local address as /proc writes it (hex), port and inode. */
    record Listening(String address, int port, long inode) {
        boolean loopback() {
            return address.equals("0100007F") // 127.0.0.1 (little-endian words)
                    || address.matches("[0-9A-F]{6}7F") // 127.0.0.0/8
                    || address.equals("00000000000000000000000001000000") // ::1
                    || address.matches("0000000000000000FFFF0000[0-9A-F]{6}7F"); // ::ffff:127.x.y.z
        }
    }

    static Set<Long> socketInodesOfThisProcess() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return inodes;
    }

    static List<Listening> listeningSockets() throws IOException {
        Set<Long> mine = socketInodesOfThisProcess();
        List<Listening> out = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) {
                    long inode = Long.parseLong(f[9]);
                    if (mine.contains(inode)) {
                        String[] local = f[1].split(":");
                        out.add(new Listening(local[0], Integer.parseInt(local[1], 16), inode));
                    }
                }
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyPortOfTheLocalRunIsOnLoopback() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/net/tcp")), "no /proc on this machine");
        Set<Long> before = new HashSet<>();
        listeningSockets().forEach(l -> before.add(l.inode()));
        int jobMetrics = freePort();
        PipelineSettings settings = ClosedLoopScenario.settings(dir.resolve("data"), null, null).withJobMetricsPort(jobMetrics);
        assertThat(settings.endpoints().bind()).as("the default --bind").isEqualTo(PipelineSettings.defaults().endpoints().bind());
        try (LocalPipeline pipeline = LocalPipeline.start(settings, ClosedLoopScenario.OUT)) {
            List<Listening> opened = new ArrayList<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                opened = listeningSockets().stream().filter(l -> !before.contains(l.inode())).toList();
                if (opened.stream().anyMatch(l -> l.port() == jobMetrics)) {
                    break;
                }
                Thread.sleep(500);
            }
            Set<Integer> ports = new HashSet<>();
            opened.forEach(l -> ports.add(l.port()));
            int kafkaPort = Integer.parseInt(pipeline.kafka().bootstrapServers().replaceAll(".*:", ""));
            int consolePort = Integer.parseInt(pipeline.consoleUrl().replaceAll(".*:(\\d+)/$", "$1"));
            assertThat(ports).as("the run's endpoints among the sockets read").contains(kafkaPort, pipeline.trainer().httpPort(), consolePort,
                    jobMetrics);
            ClosedLoopScenario.OUT.println("listening sockets of the local run: " + opened.size() + " on ports " + new java.util.TreeSet<>(ports));
            assertThat(opened).as("sockets listening beyond loopback").allMatch(Listening::loopback);
        }
    }
}
