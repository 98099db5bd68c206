package io.chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.console.export.ExportFormat;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.topics.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console once on the real (embedded) broker and registry, driven over HTTP without a browser. */
class ConsoleServiceTest {

    @TempDir
    static Path dir;
    static ConsoleStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new ConsoleStack(dir);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String metrics() throws Exception {
        return new WebSession(stack.url()).get("/metrics").body();
    }

    private static double refusals(String metricsText, String reason) {
        return metricsText.lines().filter(l -> l.startsWith("chorus_console_refusals_total{reason=\"" + reason + "\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void badInputIsRefusedWithItsStatusCountedAndNothingIsWritten() throws Exception {
        Instant t = Instant.now();
        stack.send(Topics.REVIEW_REQUESTS, "bad-1", ConsoleFixtures.request("bad-1", ReviewReason.UNCERTAIN, t, t, 0.1f, 0.45f, 0.1f, 0.1f, 0.1f, 0.1f));
        stack.send(Topics.REVIEW_REQUESTS, "bad-2", ConsoleFixtures.request("bad-2", ReviewReason.UNCERTAIN, t, t, 0.1f, 0.45f, 0.1f, 0.1f, 0.1f, 0.1f));
        WebSession alice = new WebSession(stack.url());
        WebSession bob = new WebSession(stack.url());
        WebSession vera = new WebSession(stack.url());
        assertThat(alice.login("alice", "alice-pw")).isEqualTo(303);
        assertThat(bob.login("bob", "bob-pw")).isEqualTo(303);
        assertThat(vera.login("vera", "vera-pw")).isEqualTo(303);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> alice.get("/review/bad-2").statusCode() == 200);
        // bob answers bad-1 properly: the one annotation this test writes.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> bob.get("/review/bad-1").statusCode() == 200);
        assertThat(bob.answer("bad-1", "BOABIS").statusCode()).isEqualTo(303);
        long annotations = stack.recordsIn(Topics.ANNOTATIONS);
        String before = metrics();

        WebSession stranger = new WebSession(stack.url());
        assertThat(stranger.login("alice", "wrong")).isEqualTo(401);
        assertThat(stranger.login("nobody", "alice-pw")).isEqualTo(401);
        HttpResponse<String> r = alice.post("/review/bad-2", null, Map.of("species", List.of("BOABIS")));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(WebSession.reason(r.body())).isEqualTo("csrf");
        assertThat(alice.post("/review/bad-2", "not-the-token", Map.of("species", List.of("BOABIS"))).statusCode()).isEqualTo(403);
        r = alice.answer("no-such-request", "BOABIS");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no review request no-such-request");
        r = alice.answer("bad-2", "BOABIS", "NOTAFROG");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("species &#39;NOTAFROG&#39; is not in the label catalogue");
        r = alice.answer("bad-1", "BOABIS");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("already answered by bob");
        r = alice.answer("bad-2");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(WebSession.reason(r.body())).isEqualTo("malformed_form");
        r = alice.post("/review/bad-2", alice.csrf(), Map.of("species", List.of("BOABIS"), "none", List.of("on")));
        assertThat(r.statusCode()).isEqualTo(400);
        char[] big = new char[100_000];
        Arrays.fill(big, 'x');
        r = alice.postRaw("/review/bad-2", "csrf=" + alice.csrf() + "&species=BOABIS&notes=" + new String(big));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(WebSession.reason(r.body())).isEqualTo("oversized_form");
        r = vera.answer("bad-2", "BOABIS");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(WebSession.reason(r.body())).isEqualTo("forbidden");
        // alice opened bad-2 above, so bob finds it claimed.
        r = bob.get("/review/bad-2");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("is open by alice");

        assertThat(stack.recordsIn(Topics.ANNOTATIONS)).as("annotations written by refused requests").isEqualTo(annotations);
        String after = metrics();
        Map<String, Integer> expected = Map.of("wrong_password", 2, "csrf", 2, "unknown_request", 1, "unknown_species", 1,
                "already_answered", 1, "malformed_form", 2, "oversized_form", 1, "forbidden", 1, "claimed", 1);
        expected.forEach((reason, n) -> assertThat(refusals(after, reason) - refusals(before, reason)).as(reason).isEqualTo((double) n));
    }

    @Test
    void exportsARecordersDetectionsAsARavenSelectionTable() throws Exception {
        Instant from = Instant.parse("2026-11-29T10:00:00Z");
        stack.send(Topics.DETECTIONS, "exp-rec", ConsoleFixtures.detection("exp-rec", "S9", from.minusSeconds(60), "BOAFAB", 0.9f));
        stack.send(Topics.DETECTIONS, "exp-rec", ConsoleFixtures.detection("exp-rec", "S9", from.plusSeconds(12), "BOAFAB", 0.81f));
        stack.send(Topics.DETECTIONS, "exp-rec", ConsoleFixtures.detection("exp-rec", "S9", from.plusSeconds(13), null, 0f));
        stack.send(Topics.DETECTIONS, "exp-rec", ConsoleFixtures.detection("exp-rec", "S9", from.plusSeconds(30), "ADEDIP", 0.66f));
        stack.send(Topics.DETECTIONS, "exp-rec", ConsoleFixtures.detection("exp-rec", "S9", from.plusSeconds(3600), "LEPPOD", 0.7f));
        stack.send(Topics.DETECTIONS, "other", ConsoleFixtures.detection("other", "S9", from.plusSeconds(20), "LEPPOD", 0.7f));
        WebSession vera = new WebSession(stack.url());
        assertThat(vera.login("vera", "vera-pw")).isEqualTo(303);

        HttpResponse<String> r = vera.get("/export/detections?recorder=exp-rec&from=" + from + "&to=" + from.plusSeconds(3600) + "&format=raven");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("exp-rec.selections.txt");
        List<String[]> rows = r.body().lines().map(l -> l.split("\t", -1)).toList();
        assertThat(rows.get(0)).containsExactly(ExportFormat.RAVEN_COLUMNS);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("1", "Spectrogram 1", "1", "12.000", "15.000", "0.0", "8000.0", "BOAFAB", "0.8100", "exp-rec", "S9", "1");
        assertThat(rows.get(2)).containsExactly("2", "Spectrogram 1", "1", "30.000", "33.000", "0.0", "8000.0", "ADEDIP", "0.6600", "exp-rec", "S9", "1");

        r = vera.get("/export/detections?site=S9&from=" + from + "&to=" + from.plusSeconds(60) + "&format=audacity");
        assertThat(r.body().lines().toList()).containsExactlyInAnyOrder("12.000000\t15.000000\tBOAFAB 0.810", "30.000000\t33.000000\tADEDIP 0.660",
                "20.000000\t23.000000\tLEPPOD 0.700");
        r = vera.get("/export/detections?recorder=exp-rec&from=" + from + "&to=" + from.plus(Duration.ofDays(8)) + "&format=csv");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("at most 168 hours per export");
        r = vera.get("/export/detections?recorder=exp-rec&site=S9&from=" + from + "&to=" + from.plusSeconds(60));
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void monitoringPagesShowAlertsActivityHealthAndTheQueueOrder() throws Exception {
        Instant now = Instant.now();
        Instant heard = now.minusSeconds(20).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (var chunk : ConsoleFixtures.chunks("mon-rec", heard.minusSeconds(1), 6)) {
            stack.send(Topics.AUDIO_CHUNKS, "mon-rec", chunk);
        }
        stack.send(Topics.ALERTS, "S1/LEPPOD", ConsoleFixtures.alert("alert-mon-1", "LEPPOD", true, now,
                List.of(ConsoleFixtures.windowId("mon-rec", heard), ConsoleFixtures.windowId("mon-rec", heard.minus(Duration.ofDays(5))))));
        stack.send(Topics.DETECTIONS, "act-rec", ConsoleFixtures.detection("act-rec", "S7", now.minusSeconds(30), "PITAZU", 0.9f));
        stack.send(Topics.DETECTIONS, "act-rec", ConsoleFixtures.detection("act-rec", "S7", now.minusSeconds(27), "PITAZU", 0.8f));
        stack.send(Topics.REVIEW_REQUESTS, "order-common", ConsoleFixtures.request("order-common", ReviewReason.UNCERTAIN, now, now,
                0.5f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f));
        stack.send(Topics.REVIEW_REQUESTS, "order-rare", ConsoleFixtures.request("order-rare", ReviewReason.RARE_SPECIES, now, now,
                0.9f, 0.1f, 0.1f, 0.1f, 0.1f, 0.95f));
        WebSession vera = new WebSession(stack.url());
        assertThat(vera.login("vera", "vera-pw")).isEqualTo(303);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(vera.get("/alerts").body()).contains("alert-mon-1").contains("RARE");
            String activity = vera.get("/activity?hours=2").body();
            assertThat(activity).contains("Site S7").contains("PITAZU");
            String queue = vera.get("/queue?site=S1").body();
            assertThat(queue).contains("order-rare").contains("order-common");
            assertThat(queue.indexOf("data-request=\"order-rare\"")).isLessThan(queue.indexOf("data-request=\"order-common\""));
        });
        // The alert's first window was not sent to review: its audio comes back from audio.chunks, 3 s at the recorder's rate.
        HttpResponse<byte[]> wav = vera.getBytes("/alerts/alert-mon-1/windows/0/audio.wav");
        assertThat(wav.statusCode()).isEqualTo(200);
        io.chorus.audio.wav.WavAudio audio = io.chorus.audio.wav.WavCodec.decode(wav.body(), "window.wav");
        assertThat(audio.sampleRateHz()).isEqualTo(ConsoleFixtures.RATE);
        assertThat(audio.seconds()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(vera.getBytes("/alerts/alert-mon-1/windows/0/spectrogram.png").headers().firstValue("Content-Type")).contains("image/png");
        HttpResponse<String> gone = vera.get("/alerts/alert-mon-1/windows/1/audio.wav");
        assertThat(gone.statusCode()).as("a window older than audio.chunks keeps").isEqualTo(404);
        assertThat(gone.body()).contains("no audio for window");
        assertThat(vera.get("/queue?reason=NOPE").statusCode()).isEqualTo(400);
        assertThat(vera.get("/alerts/no-such-alert").statusCode()).isEqualTo(404);
        assertThat(new WebSession(stack.url()).get("/queue").statusCode()).as("no session: to the login page").isEqualTo(303);
    }
}
