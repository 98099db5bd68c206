package io.chorus.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.chorus.notifier.channel.WebhookChannel;
import io.chorus.schemas.avro.AlertDelivery;
import io.chorus.schemas.avro.DeliveryStatus;
import io.chorus.schemas.topics.Topics;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against real servers: a WireMock HTTP server, a Moquette MQTT broker with a Paho
 * subscriber, an SMTP listener; alerts and audit topics on the embedded broker and registry.
 * Each test has its own consumer group and a site of its own, so it sees only its alerts.
 */
class NotifierServiceTest {

    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    static NotifierFixture kafka;
    static WireMockServer http;

    @BeforeAll
    static void start() {
        kafka = new NotifierFixture(shared);
        http = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        http.start();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private PrometheusRegistry registry;

    private NotifierService notifier(String group, String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve(group + ".yaml"), yaml);
        NotifierSettings s = new NotifierSettings(file, "http://127.0.0.1:8086", group,
                new NotifierSettings.Retries(5, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMinutes(5)), Duration.ofMillis(300),
                Duration.ofMillis(200));
        registry = new PrometheusRegistry();
        return NotifierService.start(s, kafka.kafka(), registry);
    }

    private double metric(String name, String... labels) {
        return registry.scrape().stream().filter(m -> m.getMetadata().getPrometheusName().equals(name)).flatMap(m -> m.getDataPoints().stream())
                .filter(d -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(d.getLabels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                }).mapToDouble(d -> d instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c ? c.getValue()
                        : d instanceof io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot g ? g.getValue() : Double.NaN)
                .sum();
    }

    private String webhook(String id, String path, String site, String extra) {
        return "  - id: " + id + "\n    channel: webhook\n    url: " + http.baseUrl() + path + "\n    secret: a-test-secret-of-some-length\n"
                + extra + "    filter: {sites: [" + site + "]}\n";
    }

    private List<AlertDelivery> audit(String alertId, String subscription, int atLeast) throws InterruptedException {
        return kafka.deliveries(Topics.ALERTS_DELIVERIES, d -> d.getAlertId().equals(alertId) && d.getSubscriptionId().equals(subscription),
                l -> l.size() >= atLeast, Duration.ofSeconds(60));
    }

    @Test
    void aSignedWebhookFailingThreeTimesIsDeliveredOnceWithFourAttemptsLogged() throws Exception {
        String path = "/hooks/flaky";
        http.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("2"));
        http.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("2").willReturn(aResponse().withStatus(500)).willSetStateTo("3"));
        http.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("3").willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        http.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
        try (NotifierService n = notifier("flaky", "subscriptions:\n" + webhook("flaky", path, "S-FLAKY", ""))) {
            kafka.send(NotifierFixture.alert("flaky-1", "S-FLAKY", "LEPPOD", true));
            List<AlertDelivery> log = audit("flaky-1", "flaky", 4);
            assertThat(log).extracting(AlertDelivery::getStatus).containsExactly(DeliveryStatus.FAILED, DeliveryStatus.FAILED,
                    DeliveryStatus.FAILED, DeliveryStatus.DELIVERED);
            assertThat(log).extracting(AlertDelivery::getAttempt).containsExactly(1, 2, 3, 4);
            assertThat(log.get(0).getDetail()).startsWith("HTTP 500");
            assertThat(metric("chorus_notifier_deliveries", "subscription", "flaky", "outcome", "failed")).isEqualTo(3.0);
            assertThat(metric("chorus_notifier_deliveries", "subscription", "flaky", "outcome", "retried")).isEqualTo(3.0);
            assertThat(metric("chorus_notifier_deliveries", "subscription", "flaky", "outcome", "delivered")).isEqualTo(1.0);
        }
        List<LoggedRequest> calls = http.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(calls).hasSize(4);
        for (LoggedRequest r : calls) {
            assertThat(r.getHeader("Idempotency-Key")).isEqualTo("flaky-1");
            String expected = WebhookChannel.signature("a-test-secret-of-some-length", r.getBody());
            assertThat(r.getHeader(WebhookChannel.SIGNATURE_HEADER)).as("HMAC-SHA256 of the body").isEqualTo(expected);
        }
        String body = calls.get(3).getBodyAsString();
        assertThat(body).contains("\"text\":\"RARE LEPPOD (Leptodactylus podicipinus) at S-FLAKY")
                .contains("\"links\":{\"alert\":\"http://127.0.0.1:8086/alerts/flaky-1\"}");
    }

    @Test
    void aDeadEndpointOpensItsBreakerWhileTheOtherSubscriptionKeepsItsLatency() throws Exception {
        http.stubFor(post(urlEqualTo("/hooks/dead")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        http.stubFor(post(urlEqualTo("/hooks/alive")).willReturn(aResponse().withStatus(204)));
        String yaml = "subscriptions:\n" + webhook("dead", "/hooks/dead", "S-DEAD", "    timeout: 300ms\n")
                + webhook("alive", "/hooks/alive", "S-DEAD", "");
        try (NotifierService n = notifier("dead", yaml)) {
            kafka.send(NotifierFixture.alert("dead-1", "S-DEAD", "BOAFAB", false));
            AlertDelivery alive = audit("dead-1", "alive", 1).get(0);
            assertThat(alive.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(alive.getSinceAlertMillis()).as("the live subscription's latency (ms)").isLessThan(3_000);
            List<AlertDelivery> dead = audit("dead-1", "dead", 6);
            assertThat(dead).extracting(AlertDelivery::getStatus).endsWith(DeliveryStatus.UNDELIVERABLE);
            assertThat(dead.get(0).getDetail()).contains("no answer within 300 ms");

            kafka.send(NotifierFixture.alert("dead-2", "S-DEAD", "BOAFAB", false));
            assertThat(audit("dead-2", "alive", 1).get(0).getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
            AlertDelivery refused = audit("dead-2", "dead", 1).get(0);
            assertThat(refused.getStatus()).isEqualTo(DeliveryStatus.UNDELIVERABLE);
            assertThat(refused.getAttempt()).as("no call through an open breaker").isZero();
            assertThat(refused.getDetail()).contains("circuit breaker open");
            assertThat(n.workers().get("dead").breakerState().name()).isEqualTo("OPEN");
            assertThat(metric("chorus_notifier_breaker_state", "subscription", "dead")).isEqualTo(1.0);
            assertThat(metric("chorus_notifier_deliveries", "subscription", "dead", "outcome", "undeliverable")).isEqualTo(2.0);
        }
        assertThat(http.findAll(postRequestedFor(urlEqualTo("/hooks/dead")))).as("calls to the dead endpoint").hasSize(5);
        List<AlertDelivery> undeliverable = kafka.deliveries(Topics.ALERTS_UNDELIVERABLE, d -> d.getSubscriptionId().equals("dead"),
                l -> l.size() >= 2, Duration.ofSeconds(30));
        assertThat(undeliverable).extracting(AlertDelivery::getAlertId).containsExactly("dead-1", "dead-2");
    }

    @Test
    void killedBetweenDeliveryAndCommitItDeliversAgainWithTheSameKeyAndLosesNothing() throws Exception {
        String path = "/hooks/restart";
        http.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String yaml = "subscriptions:\n" + webhook("restart", path, "S-RESTART", "");
        Path file = Files.writeString(dir.resolve("restart.yaml"), yaml);
        // Commits only on a clean stop: the halt below comes after the delivery and before any commit.
        NotifierSettings s = new NotifierSettings(file, null, "restart",
                new NotifierSettings.Retries(5, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMinutes(5)), Duration.ofHours(1),
                Duration.ofMillis(200));
        NotifierService first = NotifierService.start(s, kafka.kafka(), new PrometheusRegistry());
        kafka.send(NotifierFixture.alert("restart-1", "S-RESTART", "PITAZU", false));
        audit("restart-1", "restart", 1);
        first.halt();
        try (NotifierService second = NotifierService.start(s, kafka.kafka(), new PrometheusRegistry())) {
            assertThat(audit("restart-1", "restart", 2)).extracting(AlertDelivery::getStatus)
                    .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED);
        }
        List<LoggedRequest> calls = http.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(calls).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly("restart-1", "restart-1");
        // The clean stop committed: a third start delivers nothing again.
        try (NotifierService third = NotifierService.start(s, kafka.kafka(), new PrometheusRegistry())) {
            Thread.sleep(3_000);
        }
        assertThat(http.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(2);
    }

    @Test
    void mqttAndEmailReachRealServers() throws Exception {
        int mqttPort;
        try (ServerSocket free = new ServerSocket(0)) {
            mqttPort = free.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(mqttPort));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.mqtt.message_size", "65536");
        Server broker = new Server();
        broker.startServer(new MemoryConfig(p));
        try (SmtpSink smtp = new SmtpSink()) {
            BlockingQueue<String[]> received = new ArrayBlockingQueue<>(10);
            MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + mqttPort, "test-subscriber", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            subscriber.connect(o);
            subscriber.subscribe("chorus/alerts/#", 1, (topic, m) -> received.add(new String[] {topic,
                    new String(m.getPayload(), StandardCharsets.UTF_8), Integer.toString(m.getQos())}));
            String yaml = "subscriptions:\n"
                    + "  - id: scada\n    channel: mqtt\n    broker: tcp://127.0.0.1:" + mqttPort + "\n    topic: chorus/alerts/{site}/{species}\n"
                    + "    filter: {sites: [S-BUS]}\n"
                    + "  - id: office\n    channel: email\n    smtp-host: 127.0.0.1\n    smtp-port: " + smtp.port() + "\n"
                    + "    from: chorus@example.org\n    to: [ranger@example.org, lab@example.org]\n    filter: {sites: [S-BUS], rare-only: true}\n";
            try (NotifierService n = notifier("bus", yaml)) {
                kafka.send(NotifierFixture.alert("bus-1", "S-BUS", "ADEDIP", true));
                String[] m = received.poll(60, TimeUnit.SECONDS);
                assertThat(m).as("an MQTT message within 60 s").isNotNull();
                assertThat(m[0]).isEqualTo("chorus/alerts/S-BUS/ADEDIP");
                assertThat(m[1]).contains("\"alertId\":\"bus-1\"").contains("\"speciesName\":\"Adenomera diptyx\"");
                assertThat(m[2]).isEqualTo("1");
                assertThat(audit("bus-1", "office", 1).get(0).getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(smtp.messages).hasSize(1);
                String mail = smtp.messages.get(0);
                assertThat(mail).contains("Subject: [Chorus] RARE ADEDIP (Adenomera diptyx) at S-BUS").contains("X-Chorus-Alert-Id: bus-1")
                        .contains("multipart/alternative").contains("text/plain").contains("text/html");
                assertThat(smtp.recipients).containsExactlyInAnyOrder("<ranger@example.org>", "<lab@example.org>");
                kafka.send(NotifierFixture.alert("bus-2", "S-BUS", "BOAFAB", false));
                assertThat(received.poll(60, TimeUnit.SECONDS)).as("the common-species alert on MQTT").isNotNull();
                assertThat(audit("bus-2", "scada", 1)).isNotEmpty();
                assertThat(smtp.messages).as("rare-only e-mail skipped the common species").hasSize(1);
            }
            subscriber.disconnect();
            subscriber.close();
        } finally {
            broker.stopServer();
        }
    }

    @Test
    void aMalformedFileStopsTheStartNamingEachProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "subscriptions:\n  - id: x\n    channel: webhook\n    url: nowhere\n");
        NotifierSettings s = NotifierSettings.defaults(file);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NotifierService.start(s, kafka.kafka(), new PrometheusRegistry()))
                .isInstanceOf(io.chorus.notifier.subscription.SubscriptionsFile.InvalidSubscriptionsException.class)
                .hasMessageContaining("entry 1 ('x'): field 'url': 'nowhere' is not an http(s) URL");
    }

    @Test
    void quietHoursHoldBackAndTheNextMessageSaysSoAndABadReloadKeepsTheOldSet() throws Exception {
        String path = "/hooks/quiet";
        http.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String quiet = "subscriptions:\n  - id: quiet\n    channel: webhook\n    url: " + http.baseUrl() + path + "\n"
                + "    filter: {sites: [S-QUIET], quiet-hours: {from: \"00:00\", to: \"23:59:59\", zone: UTC}}\n";
        try (NotifierService n = notifier("quiet", quiet)) {
            kafka.send(NotifierFixture.alert("quiet-1", "S-QUIET", "SPHSUR", false));
            assertThat(audit("quiet-1", "quiet", 1).get(0).getStatus()).isEqualTo(DeliveryStatus.SUPPRESSED_QUIET_HOURS);
            Path file = dir.resolve("quiet.yaml");
            Files.writeString(file, "subscriptions:\n  - id: quiet\n    channel: carrier-pigeon\n");
            Thread.sleep(1_500);
            kafka.send(NotifierFixture.alert("quiet-2", "S-QUIET", "SPHSUR", false));
            assertThat(audit("quiet-2", "quiet", 1).get(0).getStatus()).as("the old subscription still serves")
                    .isEqualTo(DeliveryStatus.SUPPRESSED_QUIET_HOURS);
            assertThat(metric("chorus_notifier_subscription_reloads", "outcome", "refused")).isEqualTo(1.0);
            Files.writeString(file, "subscriptions:\n  - id: quiet\n    channel: webhook\n    url: " + http.baseUrl() + path
                    + "\n    filter: {sites: [S-QUIET]}\n");
            Thread.sleep(1_500);
            kafka.send(NotifierFixture.alert("quiet-3", "S-QUIET", "SPHSUR", false));
            assertThat(audit("quiet-3", "quiet", 1).get(0).getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        }
        List<LoggedRequest> calls = http.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getBodyAsString()).contains("\"heldBack\":{\"count\":2").contains("2 earlier alerts held back since");
        assertThat(calls.get(0).getHeader("Idempotency-Key")).isEqualTo("quiet-3");
        http.verify(1, postRequestedFor(urlEqualTo(path)).withHeader("Content-Type", equalTo("application/json")));
    }
}
