package io.chorus.ingest.cli;

import io.chorus.ingest.health.HealthSettings;
import io.chorus.ingest.health.RecorderHealthService;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chorus-ingest health}: per-recorder levels, clipping, gaps and online state. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Recorder health: audio.chunks -> recorder.health, GET /recorders and /metrics.")
public final class HealthCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions kafka;
    @Mixin
    ServiceOptions service;

    @Option(names = "--application-id", description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}")
    String applicationId = RecorderHealthService.APPLICATION_ID;
    @Option(names = "--http-port", description = "Port of GET /recorders and /metrics. Default: ${DEFAULT-VALUE}")
    int httpPort = 8082;
    @Option(names = "--window-seconds", description = "Event-time length of one report. Default: ${DEFAULT-VALUE}")
    long windowSeconds = HealthSettings.defaults().window().toSeconds();
    @Option(names = "--offline-after-seconds", description = "No chunk for this long (wall clock) = OFFLINE. Default: ${DEFAULT-VALUE}")
    long offlineAfterSeconds = HealthSettings.defaults().offlineAfter().toSeconds();
    @Option(names = "--silence-dbfs", description = "Samples below this level count as silence. Default: ${DEFAULT-VALUE}")
    double silenceDbfs = HealthSettings.defaults().silenceDbfs();
    @Option(names = "--clip-level", description = "Samples at or above this absolute value (full scale 1) count as clipped. Default: ${DEFAULT-VALUE}")
    double clipLevel = HealthSettings.defaults().clipLevel();

    HealthSettings settings() {
        return new HealthSettings(Duration.ofSeconds(windowSeconds), Duration.ofSeconds(offlineAfterSeconds), silenceDbfs,
                clipLevel);
    }

    @Override
    public Integer call() throws Exception {
        service.http.warnIfExposed("chorus-ingest health", io.chorus.schemas.ops.AdminToken.none());
        try (RecorderHealthService s = new RecorderHealthService(kafka.settings(), applicationId, service.stateDir, settings(),
                service.http.bind(), httpPort, service.commitIntervalMillis).start()) {
            System.out.printf("recorder health running; fleet at http://%s:%d/recorders, metrics at /metrics%n",
                    service.http.bind(), s.httpPort());
            awaitShutdown();
        }
        return 0;
    }

    /** Runs until Ctrl-C or SIGTERM. */
    static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "chorus-ingest-stop"));
        stop.await();
    }
}
