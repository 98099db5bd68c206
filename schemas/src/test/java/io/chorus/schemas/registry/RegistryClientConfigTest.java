package io.chorus.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientConfigTest {

    @TempDir
    Path dir;

    @Test
    void aTruststoreBecomesTheClientsTlsContext() throws Exception {
        Path truststore = dir.resolve("truststore.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(truststore)) {
            store.store(out, "changeit".toCharArray());
        }

        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "https://registry:8081",
                "schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", "changeit"));

        assertThat(config.sslContext()).isPresent();
        assertThat(config.sslContext().get().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void unusableTlsSettingsAndNumbersAreNamed() {
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "https://registry:8081",
                "schema.registry.ssl.truststore.location", dir.resolve("missing.p12").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.ssl.");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "http://r:8081", RegistryClientConfig.MAX_RETRIES, "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.max.retries");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "http://r:8081", RegistryClientConfig.BASIC_AUTH_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url is required");
    }
}
