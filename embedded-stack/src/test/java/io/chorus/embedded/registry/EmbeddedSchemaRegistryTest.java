package io.chorus.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.registry.CompatibilityLevel;
import io.chorus.schemas.registry.IncompatibleSchemaException;
import io.chorus.schemas.registry.InvalidSchemaException;
import io.chorus.schemas.registry.RegisteredSchema;
import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.SchemaNotFoundException;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.registry.SubjectNotFoundException;
import io.chorus.schemas.registry.VersionNotFoundException;
import io.chorus.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry over HTTP, on a real in-process Kafka broker. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    static EmbeddedStack stack;
    static SchemaRegistryClient client;

    private static final Schema V1 = SchemaBuilder.record("Reading").namespace("test").fields()
            .requiredString("station").requiredDouble("value").endRecord();
    private static final Schema V2_COMPATIBLE = SchemaBuilder.record("Reading").namespace("test").fields()
            .requiredString("station").requiredDouble("value")
            .name("unit").doc("unit of value").type().stringType().stringDefault("dB").endRecord();
    private static final Schema V2_INCOMPATIBLE = SchemaBuilder.record("Reading").namespace("test").fields()
            .requiredString("station").requiredDouble("value").requiredString("unit").endRecord();

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(dataDir, 0, 0);
        client = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl())
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    @Test
    void registeringIsIdempotentAndIdsAreSharedAcrossSubjects() {
        int id = client.register("idem-value", V1);
        assertThat(client.register("idem-value", V1)).isEqualTo(id);
        assertThat(client.register("idem-other-value", V1)).isEqualTo(id);

        RegisteredSchema found = client.lookup("idem-value", V1);
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.id()).isEqualTo(id);
        assertThat(client.getVersions("idem-value")).containsExactly(1);
        assertThat(client.getById(id)).isEqualTo(V1);
        assertThat(client.getSubjects()).contains("idem-value", "idem-other-value");
    }

    @Test
    void backwardIncompatibleChangeIsRefusedWith409AndACompatibleOneGetsANewVersion() throws Exception {
        int v1 = client.register("evolve-value", V1);

        Reply refused = call("POST", "/subjects/evolve-value/versions", schemaBody(V2_INCOMPATIBLE));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error_code").asInt()).isEqualTo(409);
        assertThat(refused.body().path("message").asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("unit");
        assertThatThrownBy(() -> client.register("evolve-value", V2_INCOMPATIBLE)).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(client.testCompatibility("evolve-value", V2_INCOMPATIBLE).compatible()).isFalse();
        assertThat(client.testCompatibility("evolve-value", V2_COMPATIBLE).compatible()).isTrue();

        int v2 = client.register("evolve-value", V2_COMPATIBLE);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.getLatest("evolve-value").version()).isEqualTo(2);
        assertThat(client.getBySubjectVersion("evolve-value", 1).id()).isEqualTo(v1);
        assertThat(client.getVersions("evolve-value")).containsExactly(1, 2);
    }

    @Test
    void compatibilityLevelsAreSetPerSubjectAndValidated() throws Exception {
        assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        client.register("level-value", V1);
        assertThat(client.setCompatibility("level-value", CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getCompatibility("level-value")).isEqualTo(CompatibilityLevel.NONE);
        // NONE lets anything through, even a different type.
        client.register("level-value", SchemaBuilder.builder().stringType());

        Reply bad = call("PUT", "/config/level-value", "{\"compatibility\":\"SOMETIMES\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().path("error_code").asInt()).isEqualTo(42203);

        Reply notSet = call("GET", "/config/never-configured-value", null);
        assertThat(notSet.status()).isEqualTo(404);
        assertThat(client.getCompatibility("never-configured-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void badRequestsGetConfluentErrorCodesAndChangeNothing() throws Exception {
        List<String> before = client.getSubjects();

        Reply malformed = call("POST", "/subjects/bad-value/versions", "{\"schema\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("error_code").asInt()).isEqualTo(400);

        Reply unparseable = call("POST", "/subjects/bad-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"record\\\"}\"}");
        assertThat(unparseable.status()).isEqualTo(422);
        assertThat(unparseable.body().path("error_code").asInt()).isEqualTo(42201);
        assertThat(unparseable.body().path("message").asText()).contains("Invalid schema");

        Reply protobuf = call("POST", "/subjects/bad-value/versions", "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertThat(protobuf.body().path("error_code").asInt()).isEqualTo(42201);

        Reply badVersion = call("GET", "/subjects/idem-value/versions/zero", null);
        assertThat(badVersion.body().path("error_code").asInt()).isEqualTo(42202);

        assertThat(call("GET", "/schemas/ids/99999", null).body().path("error_code").asInt()).isEqualTo(40403);
        assertThat(call("GET", "/subjects/no-such-value/versions", null).body().path("error_code").asInt()).isEqualTo(40401);
        assertThat(call("GET", "/nowhere", null).status()).isEqualTo(404);

        client.register("bad-value", new Schema.Parser().parse("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}"));
        assertThat(client.getSubjects()).containsAll(before).contains("bad-value");
        assertThatThrownBy(() -> client.getLatest("no-such-value")).isInstanceOf(SubjectNotFoundException.class);
        assertThatThrownBy(() -> client.getBySubjectVersion("bad-value", 7)).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> client.getById(99998)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void softDeleteHidesASubjectPermanentDeleteNeedsASoftOneFirst() throws Exception {
        int id = client.register("gone-value", V1);

        Reply hardFirst = call("DELETE", "/subjects/gone-value?permanent=true", null);
        assertThat(hardFirst.body().path("error_code").asInt()).isEqualTo(40405);

        assertThat(client.deleteSubject("gone-value", false)).containsExactly(1);
        assertThat(client.getSubjects()).doesNotContain("gone-value");
        assertThat(call("GET", "/subjects?deleted=true", null).body().toString()).contains("gone-value");
        assertThat(call("GET", "/subjects/gone-value/versions/1?deleted=true", null).body().path("id").asInt()).isEqualTo(id);
        assertThat(client.getById(id)).isEqualTo(V1); // readers of old records still find the schema

        assertThat(client.deleteSubject("gone-value", true)).containsExactly(1);
        assertThat(call("GET", "/subjects?deleted=true", null).body().toString()).doesNotContain("gone-value");
        // A new registration after a permanent delete starts again at version 1 and keeps the id.
        assertThat(client.register("gone-value", V1)).isEqualTo(id);
        assertThat(client.getLatest("gone-value").version()).isEqualTo(1);
    }

    @Test
    void idsSurviveARegistryRestartAndUnreadableStoreRecordsAreSkippedAndCounted() throws Exception {
        int id1 = client.register("restart-value", V1);
        int id2 = client.register("restart-value", V2_COMPATIBLE);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SCHEMA_REGISTRY_STORE.name(), 0, "garbage", "{not json")).get();
        }

        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(stack.clientSettings().common(),
                Topics.SCHEMA_REGISTRY_STORE, "127.0.0.1", 0, CompatibilityLevel.BACKWARD)) {
            SchemaRegistryClient fresh = new SchemaRegistryClient(RegistryClientConfig.of(second.url()));
            assertThat(fresh.getBySubjectVersion("restart-value", 1).id()).isEqualTo(id1);
            assertThat(fresh.getBySubjectVersion("restart-value", 2).id()).isEqualTo(id2);
            assertThat(fresh.getById(id2)).isEqualTo(V2_COMPATIBLE);
            // The next schema gets a new id, never one already handed out.
            int id3 = fresh.register("restart-other-value", SchemaBuilder.builder().doubleType());
            assertThat(id3).isGreaterThan(Math.max(id1, id2));

            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(second.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Served by OpsHttpServer, as every Chorus service's /metrics is.
            assertThat(metrics.headers().firstValue("Content-Type")).contains(io.chorus.schemas.ops.OpsHttpServer.METRICS_CONTENT_TYPE);
            assertThat(metrics.body()).contains("chorus_schema_registry_store_records_skipped 1.0")
                    .contains("chorus_schema_registry_requests_total{method=\"POST\"");
        }
    }
}
