package io.chorus.embedded.registry;

import io.chorus.schemas.registry.CompatibilityLevel;
import io.chorus.schemas.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry speaking Confluent's REST API, storing its state in a compacted Kafka topic
 * (so schema ids survive restarts of the registry and the broker). Avro only; compatibility
 * levels NONE, BACKWARD, FORWARD, FULL and their transitive forms, decided by Avro's own
 * compatibility checker; soft and permanent deletes.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final KafkaSchemaLog log;
    private final RegistryHttpServer http;
    private final String host;

    private EmbeddedSchemaRegistry(KafkaSchemaLog log, RegistryHttpServer http, String host) {
        this.log = log;
        this.http = http;
        this.host = host;
    }

    /**
     * Reads the store topic to its end, then serves on host:port (0 for a free port).
     *
     * @param kafkaClientConfig bootstrap servers and security for the store topic
     * @param storeTopic        the compacted topic (must exist)
     * @param defaultLevel      compatibility when none was set (BACKWARD in Chorus)
     */
    public static EmbeddedSchemaRegistry start(Map<String, Object> kafkaClientConfig, TopicSpec<String, String> storeTopic,
                                               String host, int port, CompatibilityLevel defaultLevel) {
        long started = System.nanoTime();
        KafkaSchemaLog log = new KafkaSchemaLog(kafkaClientConfig, storeTopic, Duration.ofSeconds(5));
        try {
            SchemaRegistryService service = new SchemaRegistryService(log, defaultLevel);
            RegistryHttpServer http = new RegistryHttpServer(service, host, port);
            http.start();
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(log, http, host);
            LOG.info("Schema Registry up at {} in {} ms ({} schemas from {})", registry.url(),
                    (System.nanoTime() - started) / 1_000_000, service.schemaCount(), storeTopic.name());
            return registry;
        } catch (IOException e) {
            log.close();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + host + ":" + http.port();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        log.close();
        LOG.info("Schema Registry at {} stopped", url());
    }
}
