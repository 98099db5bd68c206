package io.chorus.it.cluster;

import java.io.File;
import java.util.Arrays;
import java.util.List;

/**
 * Class paths of the cluster's processes, taken from this JVM's (which Maven resolved).
 * Flink's processes get what the detection-job image puts in {@code lib/}: Flink, logging, DJL and
 * the PyTorch native jar — and not what the shaded job jar brings (Chorus, the Kafka connector and
 * client, Avro, picocli, Jackson, zstd), so the job jar loads its own copies exactly as on a real
 * cluster, and {@code org.apache.flink.*} (parent-first) cannot pick up a connector the image lacks.
 */
final class ClusterClassPath {

    /** Path fragments of what the job jar carries (see stream-processor's shade includes) or only tests use. */
    private static final List<String> NOT_IN_FLINK_LIB = List.of(
            "/io/chorus/", "/target/classes", "/target/test-classes",
            "/flink-connector-kafka/", "/flink-test-utils", "/org/apache/kafka/", "/org/apache/avro/", "/info/picocli/",
            "/com/fasterxml/jackson/", "/com/github/luben/",
            "/org/junit/", "/org/assertj/", "/org/testcontainers/", "/org/seleniumhq/", "/org/awaitility/",
            "/io/javalin/", "/org/wiremock/", "/com/github/tomakehurst/", "/io/moquette/", "/org/eclipse/paho/");

    private ClusterClassPath() {
    }

    /** Everything this JVM has: the Kafka nodes run Chorus's embedded broker. */
    static List<String> all() {
        return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    /** The Flink image's {@code lib/}: JobManager and TaskManagers. */
    static List<String> flinkLib() {
        return all().stream().filter(e -> NOT_IN_FLINK_LIB.stream().noneMatch(e.replace('\\', '/')::contains)).toList();
    }
}
