package io.chorus.stream.kafka;

import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.SchemaRegistryClient;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry settings a Flink function needs, in a form that ships with the job graph; each
 * task builds its own client from it in {@code open}.
 */
public final class RegistryConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> properties;

    public RegistryConnection(Map<String, String> properties) {
        this.properties = new LinkedHashMap<>(properties);
    }

    public SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(RegistryClientConfig.fromProperties(properties));
    }

    public Map<String, String> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }
}
