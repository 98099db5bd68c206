package io.chorus.embedded.cli;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the embedded Kafka broker and Schema Registry, prints their addresses (like
 * {@code confluent local services start}) and runs until Ctrl-C.
 */
@Command(name = "chorus-local-stack", mixinStandardHelpOptions = true, version = "Chorus 0.1.0",
        description = {
            "Starts a Kafka broker (KRaft, in-process) and a Confluent-compatible Schema Registry on 127.0.0.1,",
            "creates the topics of the Chorus catalogue, prints the addresses and runs until Ctrl-C.",
            "A second start with the same --data-dir keeps topics, offsets and schema ids."})
public final class LocalStackCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:CHORUS_KAFKA_PORT:-9092}",
            description = "Kafka client port, 0 for any free port (env CHORUS_KAFKA_PORT). Default: ${DEFAULT-VALUE}")
    int kafkaPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "${env:CHORUS_REGISTRY_PORT:-8081}",
            description = "Schema Registry port, 0 for any free port (env CHORUS_REGISTRY_PORT). Default: ${DEFAULT-VALUE}")
    int registryPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:CHORUS_DATA_DIR:-chorus-data}",
            description = "Where the broker keeps its data, created when missing, reused when present "
                    + "(env CHORUS_DATA_DIR). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        EmbeddedStack stack = EmbeddedStack.start(dataDir.resolve("local-stack"), kafkaPort, registryPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Chorus local stack...");
            stack.close();
            stopped.countDown();
        }, "chorus-local-stack-shutdown"));
        out.println();
        out.println("Chorus local stack is running (Ctrl-C stops it)");
        out.println("  Kafka bootstrap servers : " + stack.bootstrapServers());
        out.println("  Schema Registry         : " + stack.schemaRegistryUrl());
        out.println("  Registry metrics        : " + stack.schemaRegistryUrl() + "/metrics");
        out.println("  Data directory          : " + dataDir.resolve("local-stack").toAbsolutePath());
        out.println("  Topics" + (stack.createdTopics().isEmpty() ? " (already present)" : " (created now)") + ":");
        for (TopicSpec<String, ?> t : Topics.ALL) {
            out.printf("    %-22s %-8s %2d partitions  %s%n", t.name(), t.cleanupPolicy().configValue(), t.partitions(),
                    t.valueType().getSimpleName());
        }
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new LocalStackCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
