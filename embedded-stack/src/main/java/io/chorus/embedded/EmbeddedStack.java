package io.chorus.embedded;

import io.chorus.embedded.kafka.EmbeddedKafkaBroker;
import io.chorus.embedded.kafka.TopicProvisioner;
import io.chorus.embedded.registry.EmbeddedSchemaRegistry;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.registry.CompatibilityLevel;
import io.chorus.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;

/**
 * The local infrastructure in one object: a Kafka broker, the catalogue's topics and a Schema
 * Registry, all in this JVM on 127.0.0.1. Closing it stops the registry, then the broker.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final List<String> createdTopics;
    private final KafkaClientSettings clientSettings;

    private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, List<String> createdTopics) {
        this.broker = broker;
        this.registry = registry;
        this.createdTopics = createdTopics;
        // One settings object, so everyone using this stack shares one registry client and its caches.
        this.clientSettings = KafkaClientSettings.plain(broker.bootstrapServers(), registry.url());
    }

    /**
     * @param dataDir      broker data; reused when it exists, so topics, offsets and schema ids survive
     * @param kafkaPort    0 for a free port
     * @param registryPort 0 for a free port
     */
    public static EmbeddedStack start(Path dataDir, int kafkaPort, int registryPort) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, kafkaPort);
        try {
            KafkaClientSettings kafka = KafkaClientSettings.plain(broker.bootstrapServers(), null);
            List<String> created = TopicProvisioner.ensureTopics(kafka.admin(), Topics.ALL, (short) 1);
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.common(), Topics.SCHEMA_REGISTRY_STORE,
                    "127.0.0.1", registryPort, CompatibilityLevel.BACKWARD);
            return new EmbeddedStack(broker, registry, created);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    /** Connection settings for clients of this stack. */
    public KafkaClientSettings clientSettings() {
        return clientSettings;
    }

    /** Topics this start created (empty when the data directory already had them). */
    public List<String> createdTopics() {
        return createdTopics;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
