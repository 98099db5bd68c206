package io.chorus.embedded.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4.x broker in KRaft combined mode (broker and controller in one node),
 * running in this JVM on 127.0.0.1. The data directory is formatted on first start and reused
 * afterwards, so topics and offsets survive a restart with the same directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final int brokerPort;
    private final Node node;
    private KafkaRaftServer server;

    /**
     * One node of a KRaft cluster in combined mode.
     *
     * @param id          node id (1..n)
     * @param voters      the controller quorum, {@code id@host:port,...}; every node lists the same
     * @param clusterId   the same on every node (a fresh cluster: {@code Uuid.randomUuid()})
     * @param replication replicas of internal topics and the default for new ones; min.insync.replicas
     *                    is one less (at least 1), so one node can be down without stopping writes
     */
    public record Node(int id, int controllerPort, String voters, String clusterId, int replication) {

        static Node single(int controllerPort) {
            return new Node(1, controllerPort, "1@" + HOST + ":" + controllerPort, Uuid.randomUuid().toString(), 1);
        }
    }

    private EmbeddedKafkaBroker(Path dataDir, int brokerPort, Node node) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.node = node;
    }

    /**
     * Formats (first time only) and starts a broker.
     *
     * @param dataDir    where the log and metadata live; created when missing
     * @param brokerPort client port, 0 for a free one
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int brokerPort) {
        int port = brokerPort == 0 ? freePort() : brokerPort;
        // The controller quorum is addressed by a concrete port, never 0. Two probes can return the same
        // just-freed port (seen under load), and Kafka refuses two listeners on one port: probe again.
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.toAbsolutePath(), port, Node.single(controllerPort));
        broker.startServer();
        return broker;
    }

    /** Formats (first time only) and starts one node of a multi-node cluster on a known client port. */
    public static EmbeddedKafkaBroker startNode(Path dataDir, int brokerPort, Node node) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.toAbsolutePath(), brokerPort, node);
        broker.startServer();
        return broker;
    }

    private void startServer() {
        Path logDir = dataDir.resolve("kafka-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + logDir, e);
        }
        Properties props = serverProperties(logDir);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.info("Kafka broker up at {} in {} ms (data {})", bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000, logDir);
    }

    private Properties serverProperties(Path logDir) {
        Properties p = new Properties();
        String replicas = Integer.toString(node.replication());
        String minIsr = Integer.toString(Math.max(1, node.replication() - 1));
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node.id()));
        p.put("controller.quorum.voters", node.voters());
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + node.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // Internal topics replicated like the data; one node: one replica of everything.
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("num.partitions", "1");
        // Local runs and tests: no rebalance delay, small network and IO pools for 2 cores.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Models travel inline; let the broker accept what the catalogue allows per topic.
        p.put("message.max.bytes", Integer.toString(64 * 1024 * 1024 + 1024));
        p.put("socket.request.max.bytes", Integer.toString(128 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private void format(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(node.clusterId())
                    .setNodeId(node.id())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:port} for clients. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    public int port() {
        return brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits until it is down; safe to call twice. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
