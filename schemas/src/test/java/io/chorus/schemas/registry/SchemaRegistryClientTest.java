package io.chorus.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's protocol handling against a scripted HTTP server (a unit test: the real embedded
 * registry is exercised in the embedded-stack and integration-tests modules).
 */
class SchemaRegistryClientTest {

    private record Answer(int status, String body) {
    }

    private record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private final Schema schema = SchemaBuilder.record("Probe").namespace("t").fields().requiredInt("x").endRecord();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (seen) {
                seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(),
                        ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"), body));
            }
            Answer a = script.isEmpty() ? new Answer(500, "{\"error_code\":50001,\"message\":\"script empty\"}") : script.poll();
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private SchemaRegistryClient client(int retries) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return new SchemaRegistryClient(RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, url,
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "fred:s3cret",
                RegistryClientConfig.MAX_RETRIES, retries,
                RegistryClientConfig.RETRIES_WAIT_MS, 10,
                RegistryClientConfig.RETRIES_MAX_WAIT_MS, 40)));
    }

    @Test
    void registerPostsTheSchemaWithTheRegistryContentTypeAndCachesTheId() {
        script.add(new Answer(200, "{\"id\":7}"));
        SchemaRegistryClient client = client(0);

        assertThat(client.register("probe-value", schema)).isEqualTo(7);
        assertThat(client.register("probe-value", schema)).isEqualTo(7);
        assertThat(client.getById(7)).isEqualTo(schema);

        assertThat(client.httpCallCount()).isEqualTo(1);
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/probe-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.authorization()).isEqualTo("Basic ZnJlZDpzM2NyZXQ="); // fred:s3cret
        assertThat(request.body()).contains("\\\"name\\\":\\\"Probe\\\"");
    }

    @Test
    void oneSerializerWritingTwoTopicsRegistersUnderBothSubjectsOnce() {
        script.add(new Answer(200, "{\"id\":7}"));
        script.add(new Answer(200, "{\"id\":7}"));
        SchemaRegistryClient client = client(0);
        var serializer = new io.chorus.schemas.serde.RegistryAvroSerializer<org.apache.avro.generic.GenericRecord>(client);
        var record = new org.apache.avro.generic.GenericData.Record(schema);
        record.put("x", 1);
        for (int i = 0; i < 3; i++) {
            serializer.serialize("a", record);
            serializer.serialize("b", record);
        }
        assertThat(seen).extracting(Seen::path).containsExactly("/subjects/a-value/versions", "/subjects/b-value/versions");
    }

    @Test
    void getByIdCallsHttpOncePerId() {
        script.add(new Answer(200, "{\"schema\":" + quote(schema.toString()) + "}"));
        SchemaRegistryClient client = client(0);
        for (int i = 0; i < 5; i++) {
            assertThat(client.getById(3)).isEqualTo(schema);
        }
        assertThat(client.httpCallCount()).isEqualTo(1);
    }

    @Test
    void errorCodesBecomeTypedExceptions() {
        SchemaRegistryClient client = client(3);
        expect(client, 404, 40401, SubjectNotFoundException.class);
        expect(client, 404, 40402, VersionNotFoundException.class);
        expect(client, 404, 40403, SchemaNotFoundException.class);
        expect(client, 422, 42201, InvalidSchemaException.class);
        expect(client, 422, 42202, InvalidVersionException.class);
        expect(client, 422, 42203, InvalidCompatibilityLevelException.class);
        expect(client, 409, 409, IncompatibleSchemaException.class);
        expect(client, 401, 401, RegistryAuthenticationException.class);
        // None of these is retried: one request each.
        assertThat(client.httpCallCount()).isEqualTo(8);
    }

    private void expect(SchemaRegistryClient client, int status, int code, Class<? extends SchemaRegistryException> type) {
        script.add(new Answer(status, "{\"error_code\":" + code + ",\"message\":\"because " + code + "\"}"));
        assertThatThrownBy(() -> client.getLatest("some-subject"))
                .isInstanceOf(type)
                .hasMessageContaining("because " + code)
                .hasMessageContaining("/subjects/some-subject/versions/latest")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(code));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() {
        script.add(new Answer(503, "{\"error_code\":50003,\"message\":\"busy\"}"));
        script.add(new Answer(500, "{\"error_code\":50002,\"message\":\"timeout\"}"));
        script.add(new Answer(200, "{\"subject\":\"s\",\"version\":2,\"id\":9,\"schema\":" + quote(schema.toString()) + "}"));
        SchemaRegistryClient client = client(3);

        RegisteredSchema latest = client.getLatest("s");

        assertThat(latest.id()).isEqualTo(9);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(client.httpCallCount()).isEqualTo(3);
    }

    @Test
    void serverErrorsGiveUpAfterTheRetryBound() {
        for (int i = 0; i < 10; i++) {
            script.add(new Answer(500, "{\"error_code\":50001,\"message\":\"store down\"}"));
        }
        SchemaRegistryClient client = client(2);

        assertThatThrownBy(() -> client.getById(12))
                .isInstanceOf(RegistryServerException.class)
                .hasMessageContaining("store down").hasMessageContaining("/schemas/ids/12").hasMessageContaining("retrying 2 times");
        assertThat(client.httpCallCount()).isEqualTo(3);
    }

    @Test
    void anUnreachableRegistryIsRetriedThenReportedAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of("http://127.0.0.1:" + closedPort)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20)));

        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("/schemas/ids/1");
        assertThat(client.httpCallCount()).isEqualTo(3);
    }

    @Test
    void compatibilityAndConfigCallsUseTheConfluentFields() {
        script.add(new Answer(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\"]}"));
        script.add(new Answer(200, "{\"compatibility\":\"FULL\"}"));
        script.add(new Answer(200, "{\"compatibilityLevel\":\"FULL\"}"));
        SchemaRegistryClient client = client(0);

        CompatibilityResult result = client.testCompatibility("s", schema);
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(client.setCompatibility("s", CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.getCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);

        assertThat(seen.get(0).path()).isEqualTo("/compatibility/subjects/s/versions/latest?verbose=true");
        assertThat(seen.get(1).method()).isEqualTo("PUT");
        assertThat(seen.get(1).body()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(seen.get(2).path()).isEqualTo("/config/s?defaultToGlobal=true");
    }

    @Test
    void urlCredentialsAndSeveralUrlsAreUnderstood() {
        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "https://ann:pw@reg-a:8081/, http://reg-b:8081",
                RegistryClientConfig.BASIC_AUTH_SOURCE, "URL"));
        assertThat(config.urls()).extracting(Object::toString).containsExactly("https://reg-a:8081", "http://reg-b:8081");
        assertThat(config.basicAuthUserInfo()).contains("ann:pw");
        assertThatThrownBy(() -> RegistryClientConfig.of("reg:8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
