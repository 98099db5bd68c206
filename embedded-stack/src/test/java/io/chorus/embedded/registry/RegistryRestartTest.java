package io.chorus.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.embedded.kafka.EmbeddedKafkaBroker;
import io.chorus.schemas.registry.CompatibilityLevel;
import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.RegistryServerException;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's state across broker restarts and store outages. */
class RegistryRestartTest {

    @TempDir
    Path dataDir;

    private static final Schema A = SchemaBuilder.record("A").fields().requiredInt("x").endRecord();
    private static final Schema B = SchemaBuilder.record("B").fields().requiredLong("y").endRecord();
    private static final Schema C = SchemaBuilder.record("C").fields().requiredString("z").endRecord();

    @Test
    void theWholeStackRestartedOnTheSameDataDirKeepsSchemaIds() {
        int idA;
        int idB;
        try (EmbeddedStack first = EmbeddedStack.start(dataDir, 0, 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(first.schemaRegistryUrl()));
            idA = client.register("a-value", A);
            idB = client.register("b-value", B);
            assertThat(first.createdTopics()).hasSize(Topics.ALL.size());
        }
        try (EmbeddedStack second = EmbeddedStack.start(dataDir, 0, 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(second.schemaRegistryUrl()));
            assertThat(second.createdTopics()).isEmpty();
            assertThat(client.getById(idA)).isEqualTo(A);
            assertThat(client.getLatest("b-value").id()).isEqualTo(idB);
            assertThat(client.register("a-value", A)).isEqualTo(idA);
        }
    }

    @Test
    void aStoreOutageAnswers5xxAndTheStateStaysConsistentAfterwards() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
        int port = broker.port();
        io.chorus.embedded.kafka.TopicProvisioner.ensureTopics(
                java.util.Map.of("bootstrap.servers", broker.bootstrapServers()), java.util.List.of(Topics.SCHEMA_REGISTRY_STORE), (short) 1);
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                java.util.Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.SCHEMA_REGISTRY_STORE,
                "127.0.0.1", 0, CompatibilityLevel.BACKWARD);
        try {
            SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(registry.url())
                    .withRetries(1, Duration.ofMillis(50), Duration.ofMillis(50)));
            int idA = client.register("a-value", A);

            broker.close();
            assertThatThrownBy(() -> client.register("b-value", B))
                    .isInstanceOf(RegistryServerException.class)
                    .satisfies(e -> assertThat(((RegistryServerException) e).errorCode()).isIn(50001, 50002))
                    .hasMessageContaining("b-value");
            // Reads that need no store still work during the outage.
            assertThat(client.getById(idA)).isEqualTo(A);

            broker = EmbeddedKafkaBroker.start(dataDir, port);
            int idC = client.register("c-value", C);
            int idB = client.register("b-value", B);
            assertThat(idC).isNotEqualTo(idA);
            assertThat(idB).isNotEqualTo(idA).isNotEqualTo(idC);
            assertThat(client.getById(idB)).isEqualTo(B);
            assertThat(client.getById(idC)).isEqualTo(C);
        } finally {
            registry.close();
            broker.close();
        }
    }
}
