package io.chorus.schemas.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Action endpoints: the token when one is configured, loopback callers only when not; reads stay open. */
class ActionAuthorizationTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> call(String method, String host, int port, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An address of this machine other than loopback, if it has one. */
    static Optional<String> otherAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void withATokenEveryActionNeedsItAndReadsStayOpen() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        AdminToken token = AdminToken.of("s3cret-s3cret-s3cret", "test");
        try (OpsHttpServer s = OpsHttpServer.start("0.0.0.0", 0, new PrometheusRegistry(), Map.of("/status", () -> "{}"),
                Map.of("/act", () -> {
                    ran.incrementAndGet();
                    return new OpsHttpServer.Reply(202, "{}");
                }), token)) {
            assertThat(call("POST", "127.0.0.1", s.port(), "/act", null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = call("POST", "127.0.0.1", s.port(), "/act", "Bearer nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("the one given is wrong").doesNotContain("s3cret");
            assertThat(call("POST", "127.0.0.1", s.port(), "/act", "Basic czNjcmV0").statusCode()).isEqualTo(401);
            assertThat(ran).hasValue(0);
            assertThat(call("POST", "127.0.0.1", s.port(), "/act", "Bearer s3cret-s3cret-s3cret").statusCode()).isEqualTo(202);
            assertThat(ran).hasValue(1);
            assertThat(call("GET", "127.0.0.1", s.port(), "/status", null).statusCode()).isEqualTo(200);
            assertThat(call("GET", "127.0.0.1", s.port(), "/metrics", null).body())
                    .contains("chorus_http_action_refusals_total{action=\"/act\",reason=\"missing_token\"}")
                    .contains("chorus_http_action_refusals_total{action=\"/act\",reason=\"wrong_token\"}");
        }
    }

    @Test
    void withoutATokenActionsAnswerCallersOnThisMachineOnly() throws Exception {
        Optional<String> other = otherAddress();
        Assumptions.assumeTrue(other.isPresent(), "this machine has no address besides loopback");
        AtomicInteger ran = new AtomicInteger();
        try (OpsHttpServer s = OpsHttpServer.start("0.0.0.0", 0, new PrometheusRegistry(), Map.of(), Map.of("/act", () -> {
            ran.incrementAndGet();
            return new OpsHttpServer.Reply(202, "{}");
        }))) {
            HttpResponse<String> remote = call("POST", other.get(), s.port(), "/act", null);
            assertThat(remote.statusCode()).isEqualTo(403);
            assertThat(remote.body()).contains("answers callers on this machine only");
            assertThat(ran).hasValue(0);
            assertThat(call("POST", "127.0.0.1", s.port(), "/act", null).statusCode()).isEqualTo(202);
            assertThat(call("GET", other.get(), s.port(), "/metrics", null).statusCode()).as("reads stay open").isEqualTo(200);
        }
    }

    @Test
    void tokensAreReadFromAFileNeverShownAndShortOnesRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("token"), "  abcdefghijklmnopqrstuvwxyz\n");
        AdminToken t = AdminToken.fromFile(f);
        assertThat(t.accepts("Bearer abcdefghijklmnopqrstuvwxyz")).isTrue();
        assertThat(t.accepts("bearer abcdefghijklmnopqrstuvwxyz")).isTrue();
        assertThat(t.accepts("Bearer abcdefghijklmnopqrstuvwxy")).isFalse();
        assertThat(t.accepts(null)).isFalse();
        assertThat(t.toString()).doesNotContain("abcdef");
        assertThat(AdminToken.fromFile(null).configured()).isFalse();
        Files.writeString(f, "short");
        assertThatThrownBy(() -> AdminToken.fromFile(f)).hasMessageContaining("at least 16").hasMessageNotContaining("short");
        assertThatThrownBy(() -> AdminToken.fromFile(dir.resolve("missing"))).hasMessageContaining("cannot be read");
        assertThat(Exposure.warning("svc", "127.0.0.1", AdminToken.none())).isNull();
        assertThat(Exposure.warning("svc", "0.0.0.0", AdminToken.none())).contains("WARNING svc listens on 0.0.0.0");
        assertThat(Exposure.warning("svc", "0.0.0.0", t)).isNull();
    }
}
