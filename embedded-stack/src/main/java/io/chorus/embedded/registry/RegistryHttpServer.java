package io.chorus.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chorus.schemas.ops.OpsHttpServer;
import io.chorus.schemas.registry.CompatibilityLevel;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over HTTP (the subset Chorus and Confluent's clients use),
 * plus {@code /metrics} in Prometheus text format.
 *
 * <pre>
 * GET    /subjects[?deleted=true]                         POST /subjects/{s}                 (lookup)
 * GET    /subjects/{s}/versions[?deleted=true]            POST /subjects/{s}/versions        (register)
 * GET    /subjects/{s}/versions/{v|latest}[/schema]       DELETE /subjects/{s}[?permanent=true]
 * DELETE /subjects/{s}/versions/{v}[?permanent=true]      GET  /schemas/ids/{id}[/schema|/versions|/subjects]
 * GET    /schemas/types                                    POST /compatibility/subjects/{s}/versions/{v|latest}
 * GET|PUT /config   GET|PUT|DELETE /config/{s}             GET  /mode   GET /   GET /metrics
 * </pre>
 */
final class RegistryHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistryService service;
    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry metrics = new PrometheusRegistry();
    private final Counter requests;

    RegistryHttpServer(SchemaRegistryService service, String host, int port) throws IOException {
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "schema-registry-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        OpsHttpServer.serveMetrics(server, metrics); // the longer context wins over "/"
        requests = Counter.builder().name("chorus_schema_registry_requests_total")
                .help("Schema Registry HTTP requests by method, route and answer status")
                .labelNames("method", "route", "status").register(metrics);
        GaugeWithCallback.builder().name("chorus_schema_registry_schemas")
                .help("Distinct schemas (ids) held by the registry")
                .callback(cb -> cb.call(service.schemaCount())).register(metrics);
        GaugeWithCallback.builder().name("chorus_schema_registry_store_records_skipped")
                .help("Records of the store topic that could not be applied at start")
                .callback(cb -> cb.call(service.skippedRecords())).register(metrics);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch ----

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String route = "unknown";
        int status;
        try {
            List<String> path = segments(exchange.getRequestURI().getRawPath());
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            route = route(path);
            Object answer = dispatch(method, path, query, exchange);
            status = send(exchange, 200, answer);
        } catch (RegistryError e) {
            status = sendError(exchange, e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("internal error on {} {}", method, exchange.getRequestURI(), e);
            status = sendError(exchange, 500, 50001, "Internal error: " + e);
        } finally {
            exchange.close();
        }
        requests.labelValues(method, route, Integer.toString(status)).inc();
    }

    /** A low-cardinality name of the route for metrics (no subjects or ids). */
    private static String route(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            boolean variable = (i == 1 && (path.get(0).equals("subjects") || path.get(0).equals("config")))
                    || (i == 3 && path.get(0).equals("subjects"))
                    || (i == 2 && path.get(0).equals("schemas"))
                    || (i == 2 && path.get(0).equals("compatibility"))
                    || (i == 4 && path.get(0).equals("compatibility"));
            sb.append('/').append(variable ? "{}" : path.get(i));
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private Object dispatch(String method, List<String> p, Map<String, String> q, HttpExchange ex) throws IOException {
        int n = p.size();
        boolean deleted = Boolean.parseBoolean(q.getOrDefault("deleted", "false"));
        boolean permanent = Boolean.parseBoolean(q.getOrDefault("permanent", "false"));
        if (n == 0) {
            return JSON.createObjectNode();
        }
        switch (p.get(0)) {
            case "subjects" -> {
                if (n == 1 && method.equals("GET")) {
                    return service.subjects(deleted);
                }
                String subject = p.get(1);
                if (n == 2 && method.equals("POST")) {
                    JsonNode body = body(ex);
                    SchemaRegistryService.requireAvro(text(body, "schemaType"), hasReferences(body));
                    return versionJson(service.lookup(subject, text(body, "schema"), deleted));
                }
                if (n == 2 && method.equals("DELETE")) {
                    return service.deleteSubject(subject, permanent);
                }
                if (n >= 3 && p.get(2).equals("versions")) {
                    if (n == 3 && method.equals("GET")) {
                        return service.versions(subject, deleted);
                    }
                    if (n == 3 && method.equals("POST")) {
                        JsonNode body = body(ex);
                        SchemaRegistryService.requireAvro(text(body, "schemaType"), hasReferences(body));
                        ObjectNode answer = JSON.createObjectNode();
                        answer.put("id", service.register(subject, text(body, "schema")));
                        return answer;
                    }
                    if (n == 4 && method.equals("GET")) {
                        return versionJson(service.version(subject, p.get(3), deleted));
                    }
                    if (n == 5 && method.equals("GET") && p.get(4).equals("schema")) {
                        return new RawJson(service.version(subject, p.get(3), deleted).schema());
                    }
                    if (n == 4 && method.equals("DELETE")) {
                        return service.deleteVersion(subject, p.get(3), permanent);
                    }
                }
            }
            case "schemas" -> {
                if (n == 2 && p.get(1).equals("types") && method.equals("GET")) {
                    return List.of("AVRO");
                }
                if (n >= 3 && p.get(1).equals("ids") && method.equals("GET")) {
                    int id = parseId(p.get(2));
                    if (n == 3) {
                        ObjectNode answer = JSON.createObjectNode();
                        answer.put("schema", service.schemaById(id));
                        return answer;
                    }
                    if (n == 4 && p.get(3).equals("schema")) {
                        return new RawJson(service.schemaById(id));
                    }
                    if (n == 4 && p.get(3).equals("versions")) {
                        ArrayNode answer = JSON.createArrayNode();
                        for (SchemaRegistryService.VersionInfo v : service.usesOf(id, deleted)) {
                            answer.addObject().put("subject", v.subject()).put("version", v.version());
                        }
                        return answer;
                    }
                    if (n == 4 && p.get(3).equals("subjects")) {
                        return service.usesOf(id, deleted).stream().map(SchemaRegistryService.VersionInfo::subject).distinct().toList();
                    }
                }
            }
            case "compatibility" -> {
                if (n == 5 && p.get(1).equals("subjects") && p.get(3).equals("versions") && method.equals("POST")) {
                    JsonNode body = body(ex);
                    SchemaRegistryService.requireAvro(text(body, "schemaType"), hasReferences(body));
                    List<String> problems = service.testCompatibility(p.get(2), p.get(4), text(body, "schema"));
                    ObjectNode answer = JSON.createObjectNode();
                    answer.put("is_compatible", problems.isEmpty());
                    if (Boolean.parseBoolean(q.getOrDefault("verbose", "false"))) {
                        ArrayNode messages = answer.putArray("messages");
                        problems.forEach(messages::add);
                    }
                    return answer;
                }
            }
            case "config" -> {
                String subject = n == 2 ? p.get(1) : null;
                if (n <= 2 && method.equals("GET")) {
                    CompatibilityLevel level;
                    if (subject == null) {
                        level = service.globalLevel();
                    } else if (Boolean.parseBoolean(q.getOrDefault("defaultToGlobal", "false"))) {
                        level = service.subjectLevel(subject).orElse(service.globalLevel());
                    } else {
                        level = service.subjectLevel(subject).orElseThrow(() -> new RegistryError(404, 40408,
                                "Subject '" + subject + "' does not have subject-level compatibility configured"));
                    }
                    return JSON.createObjectNode().put("compatibilityLevel", level.name());
                }
                if (n <= 2 && method.equals("PUT")) {
                    JsonNode body = body(ex);
                    String requested = text(body, "compatibility");
                    if (requested == null) {
                        requested = text(body, "compatibilityLevel");
                    }
                    CompatibilityLevel level;
                    try {
                        level = CompatibilityLevel.parse(requested);
                    } catch (IllegalArgumentException e) {
                        throw RegistryError.invalidCompatibility(String.valueOf(requested));
                    }
                    service.setLevel(subject, level);
                    return JSON.createObjectNode().put("compatibility", level.name());
                }
                if (n == 2 && method.equals("DELETE")) {
                    return JSON.createObjectNode().put("compatibilityLevel", service.deleteSubjectLevel(subject).name());
                }
            }
            case "mode" -> {
                if (method.equals("GET")) {
                    return JSON.createObjectNode().put("mode", "READWRITE");
                }
            }
            default -> {
                // fall through to 404
            }
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " " + ex.getRequestURI().getPath());
    }

    // ---- helpers ----

    /** A schema text sent as-is (it already is JSON). */
    private record RawJson(String text) {
    }

    private static ObjectNode versionJson(SchemaRegistryService.VersionInfo v) {
        ObjectNode node = JSON.createObjectNode();
        node.put("subject", v.subject());
        node.put("version", v.version());
        node.put("id", v.id());
        node.put("schema", v.schema());
        return node;
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("'" + text + "' is not a schema id");
        }
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            throw RegistryError.malformedRequest("the request has no body");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw RegistryError.malformedRequest("expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw RegistryError.malformedRequest(e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode f = body.get(field);
        if (f == null || f.isNull()) {
            return null;
        }
        if (!f.isTextual()) {
            throw new RegistryError(422, 422, "Field '" + field + "' must be a string");
        }
        return f.asText();
    }

    private static boolean hasReferences(JsonNode body) {
        JsonNode refs = body.get("references");
        return refs != null && refs.isArray() && refs.size() > 0;
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static int send(HttpExchange ex, int status, Object answer) throws IOException {
        byte[] bytes = answer instanceof RawJson raw ? raw.text().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(answer);
        ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private static int sendError(HttpExchange ex, int status, int code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("error_code", code);
        body.put("message", message);
        return send(ex, status, body);
    }
}
