package io.chorus.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.ingest.publish.SimulatedFleet;
import io.chorus.local.expert.ExpertMode;
import io.chorus.local.pipeline.LocalPipeline;
import io.chorus.local.pipeline.PipelineSettings;
import io.chorus.local.view.PipelineObserver;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.RecorderStatus;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.waits.Waits;
import io.chorus.trainer.gate.PromotionGate;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The closed loop, end to end, through the local pipeline's real pieces: a simulated fleet →
 * detections → review requests → the simulated expert → labelled clips → a retraining round →
 * v2 promoted → v2 serving; plus a recorder that stops, a garbage record and a corrupt file.
 * Everything asserted is read back from the topics as a read_committed consumer.
 */
final class ClosedLoopScenario {

    static final PrintStream OUT = System.out;

    /**
     * A gate that lets every challenger through. This test proves the loop closes, not that a round
     * improves the model (ChallengerVerdictTest shows that, with margins over seeds and threads).
     * In this small world a warm start sometimes loses LEPPOD entirely and the real gate rightly
     * rejects it (seen: LEPPOD F1 −0.685 [−0.794, −0.522]); with the default gate the swap would
     * then wait on training luck (1 run in 4 here had no v2 within the wait).
     */
    static final PromotionGate ANY_CHALLENGER = new PromotionGate(1, 1, 1, 0.95, 200, 2);

    private ClosedLoopScenario() {
    }

    /**
     * Test-sized: 4 recorders at 2 sites at 4× real time, a small base set and network, quick
     * answers, v1 trained briefly (6 epochs) so the loop closes within the test's minutes.
     */
    static PipelineSettings settings(Path dataDir, String bootstrapServers, String registryUrl) {
        PipelineSettings d = PipelineSettings.defaults();
        return new PipelineSettings(dataDir, new PipelineSettings.Cluster(bootstrapServers, registryUrl, 0, 0),
                new PipelineSettings.Fleet(4, 2, 4.0, d.fleet().seed(), d.fleet().species(), 8, Duration.ofSeconds(10)),
                new PipelineSettings.Model(d.model().modelName(), "mobilenetv3-small-0.25", 6, 5, 30),
                new PipelineSettings.Review(ExpertMode.SIMULATED, Duration.ofSeconds(2), 600),
                new PipelineSettings.Endpoints(d.endpoints().bind(), 0, 0, 0, 0, 0, d.endpoints().adminTokenFile()), Duration.ZERO, null);
    }

    static void run(PipelineSettings plain) throws Exception {
        // The notifier delivers every alert to a webhook here (a real HTTP server on loopback).
        java.util.Queue<String> delivered = new java.util.concurrent.ConcurrentLinkedQueue<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            delivered.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        Files.createDirectories(plain.dataDir());
        Path subscriptions = Files.writeString(plain.dataDir().resolve("subscriptions.yaml"), "subscriptions:\n  - id: field-team\n"
                + "    channel: webhook\n    url: http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts\n");
        PipelineSettings settings = plain.withSubscriptions(subscriptions);
        // Under the log configuration the local run ships: its WARN lines are what a field box keeps.
        try (ShippedLocalLogs logs = ShippedLocalLogs.under(settings.dataDir().resolve("logs"))) {
            try {
                runWith(settings, delivered);
            } finally {
                hook.stop(0);
                Files.copy(logs.file(), Path.of("target", "closed-loop-chorus.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Long> warnings = logs.warningsPerMinute();
            OUT.println("WARN lines in chorus.log per minute: " + warnings);
            assertThat(warnings.values()).as("WARN lines per minute of the local run (target/closed-loop-chorus.log)")
                    .allMatch(n -> n < 100);
        }
    }

    private static void runWith(PipelineSettings settings, java.util.Queue<String> delivered) throws Exception {
        long started = System.nanoTime();
        SimulatedFleet fleet;
        PipelineObserver.Snapshot last;
        String silenced = "sim-003";
        KafkaClientSettings kafka;
        List<Detection> detections;
        List<SpeciesAlert> alerts;
        List<String> deliveredBeforeRead;
        List<RejectedRecord> rejected;
        Map<String, Set<String>> present = new HashMap<>();
        try (LocalPipeline pipeline = LocalPipeline.start(settings, OUT, ANY_CHALLENGER)) {
            kafka = pipeline.kafka();
            fleet = pipeline.fleet();
            PipelineObserver observer = pipeline.observer();
            Waits.until("v2 promoted and serving", Duration.ofMinutes(7), () -> observer.snapshot().versions().stream()
                    .anyMatch(v -> v.version() >= 2 && v.firstDetectionAt() != null));
            OUT.printf(Locale.ROOT, "v2 serving after %.0f s%n", (System.nanoTime() - started) / 1e9);
            // Rounds go on promoting (every 30 clips); wait until one retrained version has scored 300 windows.
            Waits.until("300 windows scored by one retrained version", Duration.ofMinutes(3), () -> observer.quality().windowsByVersion()
                    .entrySet().stream().anyMatch(e -> e.getKey() >= 2 && e.getValue() >= 300));

            // Bad input while it runs: a garbage record on audio.chunks, a corrupt file in the inbox.
            try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(kafka.producer("garbage", Topics.AUDIO_CHUNKS),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                byte[] junk = new byte[300];
                new Random(1).nextBytes(junk);
                raw.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), "garbage".getBytes(), junk)).get();
            }
            Files.write(pipeline.inbox().resolve("broken_20261127_120000.wav"), new byte[] {1, 2, 3, 4, 5});
            fleet.silence(silenced);
            Waits.until("the silenced recorder OFFLINE, both bad inputs dead-lettered", Duration.ofSeconds(90), () -> {
                PipelineObserver.Snapshot s = observer.snapshot();
                return s.health().containsKey(silenced) && s.health().get(silenced).getStatus() == RecorderStatus.OFFLINE
                        && s.rejectedByReason().keySet().stream().anyMatch(r -> r.equals("NOT_WAV") || r.startsWith("TOO_SHORT")
                        || r.equals("TRUNCATED")) && s.rejectedByReason().size() >= 2;
            });
            last = observer.snapshot();
            for (SimulatedFleet.Call c : fleet.truth()) {
                present.computeIfAbsent(c.siteId(), x -> new HashSet<>()).add(c.species());
            }
            assertThat(pipeline.notices()).anySatisfy(n -> assertThat(n).contains("broken_20261127_120000.wav"));
            Waits.until("an alert delivered to the webhook", Duration.ofSeconds(60), () -> !delivered.isEmpty());
            String view = io.chorus.local.view.ConsoleView.render(observer.snapshot(), pipeline.endpoints(), pipeline.notices(),
                    pipeline.expertLine(), pipeline.deliveryLines());
            assertThat(view).as("the live view's delivery lines").contains("delivery ").contains("field-team").contains("DELIVERED");
        }

        // A second start on the same data folder: no new v1, the serving model goes on, the stream resumes.
        // (Real-time pace, so the new fleet's clock starts after everything the first one published.)
        PipelineSettings again = settings.withSpeed(1.0);
        long restarted = System.nanoTime();
        try (LocalPipeline pipeline = LocalPipeline.start(again, OUT, ANY_CHALLENGER)) {
            kafka = pipeline.kafka();
            assertThat(pipeline.trainer().servingVersion()).as("the model of the first run serves at once")
                    .isGreaterThanOrEqualTo(Math.max(2, last.servingVersion()));
            SimulatedFleet second = pipeline.fleet();
            // Up to 4 min: the second start resumes a round the first one left mid-training, which
            // shares the two cores with the job (seen: no detection within 2 min on a loaded run).
            try {
                Waits.until("detections of the second run", Duration.ofMinutes(4), () -> pipeline.observer().quality().windowsByVersion()
                        .keySet().stream().anyMatch(v -> v >= 2) && pipeline.observer().snapshot().detections() > 0
                        && CommittedRecords.readAll(pipeline.kafka(), Topics.DETECTIONS).stream().anyMatch(d -> second.plays(d.getRecorderId(), d.getWindowStart())));
            } catch (AssertionError stalled) {
                // Say why in the message (CI shows little else): an open transaction holding the
                // committed end back, or no new records at all; the threads go to the test's output.
                OUT.println(StallReport.threadDump());
                throw new AssertionError(stalled.getMessage() + "; " + StallReport.of(kafka, Topics.DETECTIONS), stalled);
            }
            OUT.printf(Locale.ROOT, "second start: v%d serving, detections again after %.0f s%n", pipeline.trainer().servingVersion(),
                    (System.nanoTime() - restarted) / 1e9);
            OUT.println("second start: " + StallReport.of(kafka, Topics.DETECTIONS));
            for (SimulatedFleet.Call c : second.truth()) {
                present.computeIfAbsent(c.siteId(), x -> new HashSet<>()).add(c.species());
            }
            // Read back everything the pipeline committed (the embedded broker stops with the pipeline).
            detections = CommittedRecords.readAll(kafka, Topics.DETECTIONS);
            // Deliveries taken before the alerts are read: each was committed by then (the notifier reads
            // read_committed), while one delivered after the read may be of an alert the read missed.
            deliveredBeforeRead = List.copyOf(delivered);
            alerts = CommittedRecords.readAll(kafka, Topics.ALERTS);
            rejected = CommittedRecords.readAll(kafka, Topics.AUDIO_CHUNKS_DLQ);
        }

        Map<String, Long> perWindow = detections.stream().collect(Collectors.groupingBy(Detection::getWindowId, Collectors.counting()));
        List<String> repeated = detections.stream().filter(d -> perWindow.get(d.getWindowId()) > 1)
                .map(d -> d.getWindowId() + " v" + d.getModelVersion() + " scored " + d.getProcessedAt()).toList();
        assertThat(repeated).as("windows with more than one detection (exactly once, across both starts)").isEmpty();
        Map<String, List<Detection>> byRecorder = detections.stream().collect(Collectors.groupingBy(Detection::getRecorderId, TreeMap::new,
                Collectors.toList()));
        assertThat(byRecorder).hasSize(settings.fleet().recorders());
        for (List<Detection> windows : byRecorder.values()) {
            windows.sort(Comparator.comparing(Detection::getWindowStart));
            int version = 0;
            for (Detection d : windows) {
                assertThat(d.getModelVersion()).as("versions only move forward on %s", d.getRecorderId()).isGreaterThanOrEqualTo(version);
                version = d.getModelVersion();
            }
        }
        Set<Integer> versions = detections.stream().map(Detection::getModelVersion).collect(Collectors.toSet());
        assertThat(versions).as("the swap is visible in the detections").contains(1).anyMatch(v -> v >= 2);

        int mostServed = last.quality().windowsByVersion().entrySet().stream().filter(e -> e.getKey() >= 2)
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        // Live macro F1 per version is printed, not asserted: with a gate that lets any challenger
        // through, v2 is whatever one warm start produced (live v2 − v1 in six runs here: +0.010,
        // +0.002, −0.053, −0.016, +0.003, −0.166 — the last one had lost LEPPOD). That retraining improves a
        // model is ChallengerVerdictTest's claim, with margins over seeds and threads.

        assertThat(alerts).as("alerts were raised").isNotEmpty();
        Set<String> alertIds = alerts.stream().map(SpeciesAlert::getAlertId).collect(Collectors.toSet());
        assertThat(deliveredBeforeRead).as("webhook deliveries, each an alert of the run").isNotEmpty().allMatch(alertIds::contains);
        OUT.printf(Locale.ROOT, "notifier: %d of %d alerts delivered to the webhook (%d calls)%n", new HashSet<>(delivered).size(),
                alerts.size(), delivered.size());
        for (SpeciesAlert a : alerts) {
            assertThat(settings.fleet().species()).as("alert species").contains(a.getSpeciesCode());
            assertThat(present).as("alert site").containsKey(a.getSiteId());
        }
        // Whether an alert is right depends on the model (another CPU, another training path): the
        // retrained models' alerts must be right more often than not, a margin no CPU crosses.
        Map<Boolean, Long> retrainedAlerts = alerts.stream().filter(a -> a.getModelVersion() >= 2)
                .collect(Collectors.partitioningBy(a -> present.getOrDefault(a.getSiteId(), Set.of()).contains(a.getSpeciesCode()),
                        Collectors.counting()));
        String alertFigures = String.format(Locale.ROOT, "alerts by retrained versions: %d for species calling at their site, %d not",
                retrainedAlerts.get(true), retrainedAlerts.get(false));
        OUT.println(alertFigures);
        assertThat(retrainedAlerts.get(true)).as(alertFigures).isGreaterThanOrEqualTo(retrainedAlerts.get(false));
        List<String> absentSomewhere = new ArrayList<>();
        present.forEach((site, species) -> settings.fleet().species().stream().filter(s -> !species.contains(s))
                .forEach(s -> absentSomewhere.add(site + "/" + s)));
        // Stages and topics, not the records: a failure message must not print their bytes.
        assertThat(rejected.stream().map(r -> r.getStage() + " " + r.getSourceTopic() + " " + r.getReasonCode()).toList())
                .anySatisfy(r -> assertThat(r).startsWith("publish "))
                .anySatisfy(r -> assertThat(r).contains(" " + Topics.AUDIO_CHUNKS.name() + " "));

        OUT.printf(Locale.ROOT, "closed loop: %d detections (%d windows, each once) from %d recorders; model versions %s; "
                        + "macro F1 vs ground truth by version %s over windows %s (v%d served most); %d alerts "
                        + "(absent: %s); scoring → read_committed receipt p50 %.2f s p95 %.2f s (%.0f× real time); %s OFFLINE; DLQ %s; %.0f s in all%n",
                detections.size(), perWindow.size(), byRecorder.size(), versions, last.quality().macroF1ByVersion(), last.quality().windowsByVersion(), mostServed, alerts.size(),
                absentSomewhere, last.flow().commitP50Seconds(), last.flow().commitP95Seconds(), settings.fleet().speed(), silenced,
                last.rejectedByReason(), (System.nanoTime() - started) / 1e9);
    }
}
