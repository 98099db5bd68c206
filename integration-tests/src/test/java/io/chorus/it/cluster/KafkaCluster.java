package io.chorus.it.cluster;

import io.chorus.embedded.kafka.EmbeddedKafkaBroker;
import io.chorus.embedded.kafka.KafkaNodeCommand;
import io.chorus.schemas.kafka.KafkaClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * Kafka as three KRaft nodes (broker and controller each) in separate JVMs: replication 3,
 * min.insync.replicas 2, so one node can die while producers with acks=all keep writing.
 * Ports are chosen free at start and kept, so a node brought back listens where clients expect it.
 */
final class KafkaCluster implements AutoCloseable {

    private final Path dir;
    private final int[] ports;
    private final int[] controllerPorts;
    private final String voters;
    private final String clusterId = Uuid.randomUuid().toString();
    private final JvmProcess[] nodes;

    private KafkaCluster(Path dir, int size) {
        this.dir = dir;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        this.nodes = new JvmProcess[size];
        List<String> v = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports[i] = EmbeddedKafkaBroker.freePort();
            controllerPorts[i] = EmbeddedKafkaBroker.freePort();
            v.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        this.voters = String.join(",", v);
    }

    static KafkaCluster start(Path dir, int size) throws InterruptedException {
        KafkaCluster cluster = new KafkaCluster(dir, size);
        try {
            for (int i = 1; i <= size; i++) {
                cluster.startNode(i);
            }
            for (int i = 1; i <= size; i++) {
                cluster.nodes[i - 1].awaitLog("kafka node " + i + " up", Duration.ofMinutes(2));
            }
            return cluster;
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts node {@code id} (1-based) on its ports and data; waits for nothing. */
    void startNode(int id) {
        nodes[id - 1] = JvmProcess.start("kafka-" + id, ClusterClassPath.all(), KafkaNodeCommand.class.getName(),
                List.of("-Xmx512m", "-Dlog4j2.level=WARN"),
                List.of("--data-dir", dir.resolve("kafka-" + id).toString(), "--node-id", Integer.toString(id),
                        "--port", Integer.toString(ports[id - 1]), "--controller-port", Integer.toString(controllerPorts[id - 1]),
                        "--voters", voters, "--cluster-id", clusterId, "--replication", Integer.toString(nodes.length)),
                dir.resolve("logs/kafka-" + id + ".log"), Map.of());
    }

    /** Brings a killed node back and waits until it serves. */
    void restartNode(int id) throws InterruptedException {
        startNode(id);
        nodes[id - 1].awaitLog("kafka node " + id + " up", Duration.ofMinutes(2));
    }

    void killNode(int id) {
        nodes[id - 1].kill();
    }

    String bootstrapServers() {
        List<String> s = new ArrayList<>();
        for (int p : ports) {
            s.add("127.0.0.1:" + p);
        }
        return String.join(",", s);
    }

    /** The node id leading a partition now. */
    static int leaderOf(KafkaClientSettings kafka, String topic, int partition) throws Exception {
        try (Admin admin = Admin.create(kafka.admin())) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
            return d.partitions().get(partition).leader().id();
        }
    }

    @Override
    public void close() {
        JvmProcess.stopAll(java.util.Arrays.asList(nodes), Duration.ofSeconds(10));
    }
}
