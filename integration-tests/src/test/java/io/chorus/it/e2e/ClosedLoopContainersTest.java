package io.chorus.it.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/** The same closed loop against Confluent's Kafka and Schema Registry images; skipped where Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class ClosedLoopContainersTest {

    static final Network NETWORK = Network.newNetwork();

    @Container
    static final ConfluentKafkaContainer KAFKA = new ConfluentKafkaContainer("confluentinc/cp-kafka:7.8.0")
            .withNetwork(NETWORK).withListener("kafka:19092")
            // models carries whole artifacts: let the broker take large records.
            .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(64 * 1024 * 1024));

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:7.8.0")
            .withNetwork(NETWORK).dependsOn(KAFKA).withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @Test
    void fleetToDetectionsToReviewToRetrainingToTheSwap(@TempDir Path dir) throws Exception {
        String registry = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
        ClosedLoopScenario.run(ClosedLoopScenario.settings(dir, KAFKA.getBootstrapServers(), registry));
    }
}
