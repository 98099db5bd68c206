package io.chorus.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API and
 * by Chorus's embedded registry).
 *
 * <p>Immutable answers are cached: schema by id, id by (subject, schema), schema by (subject,
 * version). A hot path (serializing or reading records) therefore calls HTTP once per schema.
 * "latest" and configuration answers can change and are never cached.
 *
 * <p>Only what can succeed on a second try is retried: connection failures, timeouts, 5xx,
 * 408 and 429, with exponential backoff and jitter, at most {@code maxRetries} times.
 */
public class SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    /** subject → schema → id; keyed by the parsed Schema (its hash is cached), so a hit costs no JSON rendering. */
    private final Map<String, Map<Schema, Integer>> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> bySubjectAndVersion = new ConcurrentHashMap<>();
    private final AtomicLong httpCalls = new AtomicLong();

    public SchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        config.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public RegistryClientConfig config() {
        return config;
    }

    /** HTTP requests sent so far (each retry counts); lets tests prove the caches work. */
    public long httpCallCount() {
        return httpCalls.get();
    }

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    public int register(String subject, Schema schema) {
        Integer cached = idsOf(subject).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(200, -1, "POST /subjects/" + subject + "/versions",
                    "registry answered without an id: " + answer, null);
        }
        idsOf(subject).put(schema, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    private Map<Schema, Integer> idsOf(String subject) {
        return idBySubjectAndSchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    }

    /** The id of a schema already registered under the subject (cached); 40403 when it is not there. */
    public int lookupId(String subject, Schema schema) {
        Integer cached = idsOf(subject).get(schema);
        return cached != null ? cached : lookup(subject, schema).id();
    }

    /** Finds the schema under the subject without registering it; 40403 when it is not there. */
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode answer = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
        RegisteredSchema found = registered(answer, subject);
        idsOf(subject).put(schema, found.id());
        return found;
    }

    /** The schema with this global id (the one in a record's wire-format header). */
    public Schema getById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(answer.path("schema").asText(), "GET /schemas/ids/" + id);
        schemaById.put(id, schema);
        return schema;
    }

    /** A concrete version of a subject. */
    public RegisteredSchema getBySubjectVersion(String subject, int version) {
        String key = subject + '\u0000' + version;
        RegisteredSchema cached = bySubjectAndVersion.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = registered(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null), subject);
        bySubjectAndVersion.put(key, found);
        return found;
    }

    /** The newest live version of a subject (not cached: it changes). */
    public RegisteredSchema getLatest(String subject) {
        return registered(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null), subject);
    }

    /** Live version numbers of a subject, ascending. */
    public List<Integer> getVersions(String subject) {
        JsonNode answer = send("GET", "/subjects/" + enc(subject) + "/versions", null);
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    /** All live subjects. */
    public List<String> getSubjects() {
        JsonNode answer = send("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(v -> subjects.add(v.asText()));
        return subjects;
    }

    /** Would the registry accept this schema as the subject's next version? */
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
                schemaBody(schema));
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), List.copyOf(messages));
    }

    /** The global compatibility level. */
    public CompatibilityLevel getCompatibility() {
        return CompatibilityLevel.parse(send("GET", "/config", null).path("compatibilityLevel").asText());
    }

    /** The subject's compatibility level, falling back to the global one when the subject has none. */
    public CompatibilityLevel getCompatibility(String subject) {
        JsonNode answer = send("GET", "/config/" + enc(subject) + "?defaultToGlobal=true", null);
        return CompatibilityLevel.parse(answer.path("compatibilityLevel").asText());
    }

    /** Sets the global compatibility level. */
    public CompatibilityLevel setCompatibility(CompatibilityLevel level) {
        return CompatibilityLevel.parse(send("PUT", "/config", compatibilityBody(level)).path("compatibility").asText());
    }

    /** Sets the subject's compatibility level. */
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        JsonNode answer = send("PUT", "/config/" + enc(subject), compatibilityBody(level));
        return CompatibilityLevel.parse(answer.path("compatibility").asText());
    }

    /** Deletes a subject (soft, or permanently after a soft delete); returns the versions deleted. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        JsonNode answer = send("DELETE", "/subjects/" + enc(subject) + "?permanent=" + permanent, null);
        idBySubjectAndSchema.remove(subject);
        bySubjectAndVersion.keySet().removeIf(k -> k.startsWith(subject + '\u0000'));
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    // ---- HTTP ----

    private JsonNode send(String method, String pathAndQuery, String body) {
        String operation = method + " " + pathAndQuery;
        int attempt = 0;
        Duration wait = config.retryInitialWait();
        while (true) {
            attempt++;
            URI base = config.urls().get((attempt - 1) % config.urls().size());
            Outcome outcome = once(method, base, pathAndQuery, body, operation);
            if (outcome.answer != null) {
                return outcome.answer;
            }
            boolean retryable = outcome.error instanceof RegistryUnavailableException
                    || outcome.error instanceof RegistryServerException
                    || outcome.error.httpStatus() == 408 || outcome.error.httpStatus() == 429;
            if (!retryable || attempt > config.maxRetries()) {
                if (retryable && attempt > 1) {
                    outcome.error.addContext("retrying " + (attempt - 1) + " times");
                }
                throw outcome.error;
            }
            long jittered = (long) (wait.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble()));
            LOG.debug("{} failed ({}); retry {} of {} in {} ms", operation, outcome.error.getMessage(), attempt,
                    config.maxRetries(), jittered);
            sleep(jittered);
            wait = wait.multipliedBy(2).compareTo(config.retryMaxWait()) > 0 ? config.retryMaxWait() : wait.multipliedBy(2);
        }
    }

    private record Outcome(JsonNode answer, SchemaRegistryException error) {
    }

    private Outcome once(String method, URI base, String pathAndQuery, String body, String operation) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT);
        config.basicAuthUserInfo().ifPresent(userInfo -> request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        httpCalls.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Outcome(null, new RegistryUnavailableException(operation,
                    "schema registry at " + base + " did not answer: " + describe(e), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, new RegistryUnavailableException(operation, "interrupted while calling " + base, e));
        }
        int status = response.statusCode();
        JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            if (status >= 200 && status < 300) {
                return new Outcome(null, new SchemaRegistryException(status, -1, operation,
                        "schema registry at " + base + " answered with a body that is not JSON: " + abbreviate(response.body()), e));
            }
            json = JSON.nullNode();
        }
        if (status >= 200 && status < 300) {
            return new Outcome(json, null);
        }
        int errorCode = json.path("error_code").asInt(status);
        String message = json.path("message").asText(abbreviate(response.body()));
        return new Outcome(null, SchemaRegistryException.fromResponse(status, errorCode,
                "schema registry at " + base + " answered " + status + ": " + message, operation));
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : " " + msg);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("retry wait", "interrupted while waiting to retry", e);
        }
    }

    private static String enc(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static String compatibilityBody(CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode();
        body.put("compatibility", level.name());
        return body.toString();
    }

    private RegisteredSchema registered(JsonNode answer, String subject) {
        int id = answer.path("id").asInt(-1);
        String text = answer.path("schema").asText(null);
        RegisteredSchema found = new RegisteredSchema(answer.path("subject").asText(subject),
                answer.path("version").asInt(-1), id, text);
        if (id >= 0 && text != null) {
            schemaById.computeIfAbsent(id, i -> parse(text, "subject " + subject));
        }
        return found;
    }

    private static Schema parse(String text, String where) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException(200, 42201, where, "registry returned a schema Avro cannot parse: " + e.getMessage());
        }
    }
}
