package io.chorus.schemas.kafka;

import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.serde.RegistryAvroSerializer;
import io.chorus.schemas.topics.TopicSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Chorus component connects to Kafka and the Schema Registry, built once here.
 *
 * <p>Operators hand a standard Kafka client properties file ({@code --kafka-config}) with the
 * security settings of their cluster ({@code security.protocol}, {@code sasl.mechanism},
 * {@code sasl.jaas.config}, {@code ssl.truststore.location}, ...) and, in the same file if they
 * like, the registry's ({@code schema.registry.url}, {@code basic.auth.user.info},
 * {@code schema.registry.ssl.*}). Flags given on the command line win over the file.
 * Properties whose names start with {@code schema.registry.} or {@code basic.auth.} go to the
 * registry client only; all others go to every Kafka client.
 */
public final class KafkaClientSettings {

    private final Map<String, String> kafka;
    private final Map<String, String> registry;
    private volatile SchemaRegistryClient registryClient;

    private KafkaClientSettings(Map<String, String> kafka, Map<String, String> registry) {
        this.kafka = Collections.unmodifiableMap(kafka);
        this.registry = Collections.unmodifiableMap(registry);
    }

    /**
     * @param bootstrapServers  overrides {@code bootstrap.servers} from the file when not null
     * @param schemaRegistryUrl overrides {@code schema.registry.url} from the file when not null
     * @param clientConfigFile  Kafka client properties file, or null
     */
    public static KafkaClientSettings load(String bootstrapServers, String schemaRegistryUrl, Path clientConfigFile) {
        Properties fromFile = new Properties();
        if (clientConfigFile != null) {
            try (Reader in = Files.newBufferedReader(clientConfigFile, StandardCharsets.UTF_8)) {
                fromFile.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("Kafka client config " + clientConfigFile + " cannot be read: " + e.getMessage(), e);
            }
        }
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> registry = new LinkedHashMap<>();
        for (String name : fromFile.stringPropertyNames()) {
            String value = fromFile.getProperty(name).trim();
            if (isRegistryProperty(name)) {
                registry.put(name, value);
            } else {
                kafka.put(name, value);
            }
        }
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.trim());
        }
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            registry.put(RegistryClientConfig.URL, schemaRegistryUrl.trim());
        }
        if (!kafka.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: pass --bootstrap-servers or set bootstrap.servers in "
                    + (clientConfigFile == null ? "a --kafka-config file" : clientConfigFile));
        }
        return new KafkaClientSettings(kafka, registry);
    }

    /** Plain connection, no security: embedded stack and tests. */
    public static KafkaClientSettings plain(String bootstrapServers, String schemaRegistryUrl) {
        return load(bootstrapServers, schemaRegistryUrl, null);
    }

    static boolean isRegistryProperty(String name) {
        return name.startsWith("schema.registry.") || name.startsWith("basic.auth.");
    }

    public String bootstrapServers() {
        return kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Settings shared by every Kafka client: bootstrap servers and security. */
    public Map<String, Object> common() {
        return new LinkedHashMap<>(kafka);
    }

    /** Admin client settings. */
    public Map<String, Object> admin() {
        return common();
    }

    /**
     * Producer settings: idempotent, acks=all, zstd, and large enough requests for the topic's
     * biggest records. File settings win over these defaults.
     */
    public Map<String, Object> producer(String clientId, TopicSpec<?, ?> topic) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(topic.maxMessageBytes(), 1_048_576));
        p.putAll(kafka);
        return p;
    }

    /**
     * Consumer settings: read_committed (only what transactions committed), start from the
     * earliest offset, commits by the caller. File settings win over these defaults.
     */
    public Map<String, Object> consumer(String groupId, TopicSpec<?, ?> topic) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(topic.maxMessageBytes(), 1_048_576));
        c.putAll(kafka);
        return c;
    }

    /** Kafka Streams settings: exactly_once_v2. File settings win over these defaults. */
    public Map<String, Object> streams(String applicationId) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("application.id", applicationId);
        s.put("processing.guarantee", "exactly_once_v2");
        s.putAll(kafka);
        return s;
    }

    /** Registry connection settings (URL, basic auth, TLS). */
    public RegistryClientConfig registryConfig() {
        return RegistryClientConfig.fromProperties(registry);
    }

    /** Registry properties as given, for serdes that Kafka builds from configs. */
    public Map<String, String> registryProperties() {
        return registry;
    }

    /** One registry client per settings object, so its caches are shared by all serdes. */
    public SchemaRegistryClient registryClient() {
        SchemaRegistryClient c = registryClient;
        if (c == null) {
            synchronized (this) {
                c = registryClient;
                if (c == null) {
                    c = new SchemaRegistryClient(registryConfig());
                    registryClient = c;
                }
            }
        }
        return c;
    }

    /** Value serializer for a catalogue topic. */
    public <V extends SpecificRecord> RegistryAvroSerializer<V> valueSerializer(TopicSpec<?, V> topic) {
        return new RegistryAvroSerializer<>(registryClient());
    }

    /** Value deserializer for a catalogue topic, reading into its generated class. */
    public <V extends SpecificRecord> RegistryAvroDeserializer<V> valueDeserializer(TopicSpec<?, V> topic) {
        return new RegistryAvroDeserializer<>(registryClient(), topic.valueType());
    }
}
