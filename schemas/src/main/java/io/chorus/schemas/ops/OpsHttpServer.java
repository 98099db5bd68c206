package io.chorus.schemas.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operations endpoint of a Chorus service: {@code GET /metrics} (Prometheus text format, the
 * service's registry plus the default one, where the serdes count their errors), any JSON
 * routes the service adds (e.g. {@code /recorders}) and any actions it takes by {@code POST}
 * (e.g. {@code /retrain}).
 */
public final class OpsHttpServer implements AutoCloseable {

    private final HttpServer server;

    private OpsHttpServer(HttpServer server) {
        this.server = server;
    }

    /** What an action answers: an HTTP status and a JSON body. */
    public record Reply(int status, String json) {
    }

    /** @param port 0 for any free port */
    public static OpsHttpServer start(String host, int port, PrometheusRegistry registry, Map<String, Supplier<String>> json)
            throws IOException {
        return start(host, port, registry, json, Map.of());
    }

    /** Action requests refused, by action and reason; in the default registry, which every /metrics serves. */
    static final Counter ACTION_REFUSALS = Counter.builder().name("chorus_http_action_refusals_total")
            .help("Action requests (POST) refused: missing_token, wrong_token (401) or not_loopback (403, no token configured)")
            .labelNames("action", "reason").register(PrometheusRegistry.defaultRegistry);

    /** @param actions routes that answer {@code POST} only (405 otherwise), loopback callers only (no token) */
    public static OpsHttpServer start(String host, int port, PrometheusRegistry registry, Map<String, Supplier<String>> json,
                                      Map<String, Supplier<Reply>> actions) throws IOException {
        return start(host, port, registry, json, actions, AdminToken.none());
    }

    /**
     * @param actions routes that answer {@code POST} only (405 otherwise)
     * @param token   when configured, every action needs {@code Authorization: Bearer <token>} (401
     *                otherwise); when not, actions answer loopback callers only (403 otherwise)
     */
    public static OpsHttpServer start(String host, int port, PrometheusRegistry registry, Map<String, Supplier<String>> json,
                                      Map<String, Supplier<Reply>> actions, AdminToken token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        serveMetrics(server, registry);
        for (Map.Entry<String, Supplier<String>> route : new LinkedHashMap<>(json).entrySet()) {
            server.createContext(route.getKey(), ex -> {
                try {
                    send(ex, 200, "application/json", route.getValue().get().getBytes(StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    String body = "{\"error_code\":503,\"message\":" + quote(route.getKey() + " unavailable: " + e.getMessage()) + "}";
                    send(ex, 503, "application/json", body.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        for (Map.Entry<String, Supplier<Reply>> route : new LinkedHashMap<>(actions).entrySet()) {
            server.createContext(route.getKey(), ex -> {
                if (!ex.getRequestMethod().equals("POST")) {
                    ex.getResponseHeaders().set("Allow", "POST");
                    String body = "{\"error_code\":405,\"message\":" + quote(route.getKey() + " takes POST") + "}";
                    send(ex, 405, "application/json", body.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String refused = refusal(ex, token);
                if (refused != null) {
                    ACTION_REFUSALS.labelValues(route.getKey(), refused).inc();
                    boolean remote = refused.equals("not_loopback");
                    if (!remote) {
                        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"chorus\"");
                    }
                    String message = remote ? route.getKey() + " answers callers on this machine only: no admin token is configured "
                            + "(--admin-token-file)" : route.getKey() + " needs the admin token: Authorization: Bearer <token> ("
                            + (refused.equals("missing_token") ? "none given" : "the one given is wrong") + ")";
                    byte[] body = ("{\"error_code\":" + (remote ? 403 : 401) + ",\"message\":" + quote(message) + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    send(ex, remote ? 403 : 401, "application/json", body);
                    return;
                }
                Reply r;
                try {
                    r = route.getValue().get();
                } catch (RuntimeException e) {
                    r = new Reply(500, "{\"error_code\":500,\"message\":" + quote(route.getKey() + " failed: " + e.getMessage()) + "}");
                }
                send(ex, r.status(), "application/json", r.json().getBytes(StandardCharsets.UTF_8));
            });
        }
        server.start();
        return new OpsHttpServer(server);
    }

    /**
     * Adds {@code GET /metrics} ({@link #metricsText}) to a server that answers other routes of its
     * own, e.g. the embedded Schema Registry's API: one /metrics for every Chorus service.
     */
    public static void serveMetrics(HttpServer server, PrometheusRegistry registry) {
        server.createContext("/metrics", ex -> send(ex, 200, METRICS_CONTENT_TYPE, metricsText(registry)));
    }

    /** Content type of {@link #metricsText}. */
    public static final String METRICS_CONTENT_TYPE = PrometheusTextFormatWriter.create().getContentType();

    /** What {@code /metrics} answers: the service's registry plus the default one, in Prometheus text format. */
    public static byte[] metricsText(PrometheusRegistry registry) throws IOException {
        MetricSnapshots own = registry.scrape();
        MetricSnapshots shared = registry == PrometheusRegistry.defaultRegistry ? MetricSnapshots.builder().build()
                : PrometheusRegistry.defaultRegistry.scrape();
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        own.forEach(all::metricSnapshot);
        shared.forEach(all::metricSnapshot);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, all.build());
        return out.toByteArray();
    }

    /** Why an action request is refused (a metric label), or null when it may run. */
    private static String refusal(HttpExchange ex, AdminToken token) {
        if (token.configured()) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            return auth == null ? "missing_token" : token.accepts(auth) ? null : "wrong_token";
        }
        return ex.getRemoteAddress().getAddress().isLoopbackAddress() ? null : "not_loopback";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
