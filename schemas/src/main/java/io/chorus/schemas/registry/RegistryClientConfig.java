package io.chorus.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach a Schema Registry. Read from the same property names Confluent's clients use, so
 * an operator's existing client properties file works unchanged:
 * <ul>
 *   <li>{@code schema.registry.url}: one or more base URLs, comma-separated, tried in order</li>
 *   <li>{@code basic.auth.credentials.source} ({@code USER_INFO} or {@code URL}) and
 *       {@code basic.auth.user.info} ({@code user:password})</li>
 *   <li>{@code schema.registry.ssl.truststore.location|password|type},
 *       {@code schema.registry.ssl.keystore.location|password|type},
 *       {@code schema.registry.ssl.key.password}: TLS, and mutual TLS when a keystore is given</li>
 *   <li>{@code schema.registry.request.timeout.ms} (default 10000),
 *       {@code schema.registry.max.retries} (default 3),
 *       {@code schema.registry.retries.wait.ms} (default 100),
 *       {@code schema.registry.retries.max.wait.ms} (default 2000)</li>
 * </ul>
 */
public record RegistryClientConfig(
        List<URI> urls,
        Optional<String> basicAuthUserInfo,
        Optional<SSLContext> sslContext,
        Duration requestTimeout,
        int maxRetries,
        Duration retryInitialWait,
        Duration retryMaxWait) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SSL_PREFIX = "schema.registry.ssl.";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRIES_WAIT_MS = "schema.registry.retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "schema.registry.retries.max.wait.ms";

    public RegistryClientConfig {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:8081)");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, got " + maxRetries);
        }
    }

    /** Plain HTTP, no auth, default timeouts and retries. */
    public static RegistryClientConfig of(String url) {
        return fromProperties(Map.of(URL, url));
    }

    /** Reads the settings from client properties (values may be strings or numbers). */
    public static RegistryClientConfig fromProperties(Map<String, ?> props) {
        String urlValue = string(props, URL);
        if (urlValue == null || urlValue.isBlank()) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:8081)");
        }
        List<URI> urls = new ArrayList<>();
        Optional<String> userInfoFromUrl = Optional.empty();
        for (String part : urlValue.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(URL + ": '" + trimmed + "' is not a URL: " + e.getMessage(), e);
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException(URL + ": '" + trimmed + "' must start with http:// or https://");
            }
            if (uri.getUserInfo() != null) {
                userInfoFromUrl = Optional.of(uri.getUserInfo());
                uri = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                        + (uri.getRawPath() == null ? "" : uri.getRawPath()));
            }
            urls.add(stripTrailingSlash(uri));
        }
        String source = Optional.ofNullable(string(props, BASIC_AUTH_SOURCE)).orElse("USER_INFO");
        Optional<String> userInfo;
        if (source.equalsIgnoreCase("URL")) {
            userInfo = userInfoFromUrl;
        } else if (source.equalsIgnoreCase("USER_INFO")) {
            userInfo = Optional.ofNullable(string(props, BASIC_AUTH_USER_INFO)).filter(s -> !s.isBlank());
        } else {
            throw new IllegalArgumentException(BASIC_AUTH_SOURCE + ": '" + source + "' is not USER_INFO or URL");
        }
        return new RegistryClientConfig(
                List.copyOf(urls),
                userInfo,
                sslContext(props),
                Duration.ofMillis(longValue(props, REQUEST_TIMEOUT_MS, 10_000)),
                (int) longValue(props, MAX_RETRIES, 3),
                Duration.ofMillis(longValue(props, RETRIES_WAIT_MS, 100)),
                Duration.ofMillis(longValue(props, RETRIES_MAX_WAIT_MS, 2_000)));
    }

    /** A copy with other retry settings (tests use this to keep failures fast). */
    public RegistryClientConfig withRetries(int retries, Duration initialWait, Duration maxWait) {
        return new RegistryClientConfig(urls, basicAuthUserInfo, sslContext, requestTimeout, retries, initialWait, maxWait);
    }

    private static URI stripTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    private static Optional<SSLContext> sslContext(Map<String, ?> props) {
        String trustLocation = string(props, SSL_PREFIX + "truststore.location");
        String keyLocation = string(props, SSL_PREFIX + "keystore.location");
        if (trustLocation == null && keyLocation == null) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory tmf = null;
            if (trustLocation != null) {
                KeyStore trust = loadStore(trustLocation, string(props, SSL_PREFIX + "truststore.password"),
                        string(props, SSL_PREFIX + "truststore.type"));
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (keyLocation != null) {
                String storePassword = string(props, SSL_PREFIX + "keystore.password");
                KeyStore keys = loadStore(keyLocation, storePassword, string(props, SSL_PREFIX + "keystore.type"));
                String keyPassword = Optional.ofNullable(string(props, SSL_PREFIX + "key.password")).orElse(storePassword);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return Optional.of(ctx);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("schema registry TLS settings (" + SSL_PREFIX + "*) are unusable: " + e.getMessage(), e);
        }
    }

    private static KeyStore loadStore(String location, String password, String type)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    private static String string(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();
        }
        return v.toString();
    }

    private static long longValue(Map<String, ?> props, String key, long def) {
        String v = string(props, key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number", e);
        }
    }
}
