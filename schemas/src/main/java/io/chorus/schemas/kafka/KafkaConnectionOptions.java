package io.chorus.schemas.kafka;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The connection flags every Chorus command shares (a picocli mixin), each with an
 * environment-variable fallback and its default shown in {@code --help}.
 */
public class KafkaConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:CHORUS_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env CHORUS_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL[,...]",
            defaultValue = "${env:CHORUS_SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081}",
            description = "Schema Registry base URL(s), Confluent REST API (env CHORUS_SCHEMA_REGISTRY_URL). Default: ${DEFAULT-VALUE}")
    String schemaRegistryUrl;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            defaultValue = "${env:CHORUS_KAFKA_CONFIG}",
            description = "Kafka client properties file for security (security.protocol, sasl.*, ssl.*) and registry auth "
                    + "(basic.auth.user.info, schema.registry.ssl.*); flags win over it (env CHORUS_KAFKA_CONFIG). Default: none")
    Path kafkaConfig;

    /** The settings these flags describe. */
    public KafkaClientSettings settings() {
        return KafkaClientSettings.load(bootstrapServers, schemaRegistryUrl, kafkaConfig);
    }
}
