package io.chorus.embedded.kafka;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One node of a multi-node KRaft cluster (broker and controller) as its own process, so a test can
 * SIGKILL it: the multi-process test cluster starts three of these. Runs until stopped.
 */
@Command(name = "chorus-kafka-node", mixinStandardHelpOptions = true, version = "Chorus 0.1.0", showDefaultValues = true,
        description = "Starts one Kafka node (KRaft combined mode) on 127.0.0.1 and runs until stopped.")
public final class KafkaNodeCommand implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "The node's data; formatted on first start, reused after.")
    Path dataDir;
    @Option(names = "--node-id", required = true, description = "Node id, one of the ids in --voters.")
    int nodeId;
    @Option(names = "--port", required = true, description = "Client port.")
    int port;
    @Option(names = "--controller-port", required = true, description = "Controller (quorum) port, as listed in --voters.")
    int controllerPort;
    @Option(names = "--voters", required = true, description = "The controller quorum: id@host:port,...")
    String voters;
    @Option(names = "--cluster-id", required = true, description = "Cluster id, the same on every node.")
    String clusterId;
    @Option(names = "--replication", description = "Replicas of internal and new topics; min.insync.replicas is one less.")
    int replication = 3;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KafkaNodeCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startNode(dataDir, port,
                new EmbeddedKafkaBroker.Node(nodeId, controllerPort, voters, clusterId, replication));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "chorus-kafka-node-shutdown"));
        System.out.println("kafka node " + nodeId + " up at " + broker.bootstrapServers());
        stopped.await();
        return 0;
    }
}
