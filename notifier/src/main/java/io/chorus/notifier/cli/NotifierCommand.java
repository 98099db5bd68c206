package io.chorus.notifier.cli;

import io.chorus.notifier.NotifierService;
import io.chorus.notifier.NotifierSettings;
import io.chorus.schemas.cli.DurationConverter;
import io.chorus.schemas.cli.UntilStopped;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.BindOptions;
import io.chorus.schemas.ops.OpsHttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chorus-notifier}: delivers alerts to the subscriptions of a file. */
@Command(name = "chorus-notifier", mixinStandardHelpOptions = true, version = "Chorus 0.1.0", sortOptions = false,
        description = {"Reads the alerts topic and delivers each alert to every matching subscription (webhook, MQTT, e-mail), with "
                + "retries, a circuit breaker per endpoint, quiet hours and rate limits; every attempt goes to alerts.deliveries, "
                + "deliveries that run out of attempts to alerts.undeliverable. /metrics on --metrics-port."})
public final class NotifierCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;
    @Mixin
    BindOptions bind;
    @Option(names = "--subscriptions", required = true, defaultValue = "${env:CHORUS_SUBSCRIPTIONS}",
            description = "Subscriptions file (YAML; re-read when it changes; see the README) (env CHORUS_SUBSCRIPTIONS). Default: none, required")
    Path subscriptions;
    @Option(names = "--console-url", defaultValue = "${env:CHORUS_CONSOLE_URL}",
            description = "The console's base URL, for links to an alert's audio and spectrograms (env CHORUS_CONSOLE_URL). Default: none")
    String consoleUrl;
    @Option(names = "--max-attempts", defaultValue = "5", description = "Attempts per delivery before alerts.undeliverable. Default: ${DEFAULT-VALUE}")
    int maxAttempts;
    @Option(names = "--initial-backoff", defaultValue = "1s", converter = DurationConverter.class,
            description = "Wait after the first failed attempt; doubles each time with ±50 % jitter. Default: 1s")
    Duration initialBackoff;
    @Option(names = "--breaker-open", defaultValue = "1m", converter = DurationConverter.class,
            description = "How long a failing endpoint's circuit breaker stays open before a trial call. Default: 1m")
    Duration breakerOpen;
    @Option(names = "--metrics-port", defaultValue = "8087", description = "Port of /metrics (0: any free one). Default: ${DEFAULT-VALUE}")
    int metricsPort;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NotifierCommand()).setUsageHelpAutoWidth(true).execute(args));
    }

    NotifierSettings settings() {
        return NotifierSettings.defaults(subscriptions).withRetries(maxAttempts, initialBackoff, breakerOpen).withConsoleUrl(consoleUrl);
    }

    @Override
    public Integer call() throws Exception {
        bind.warnIfExposed("chorus-notifier", AdminToken.none());
        NotifierService service = NotifierService.start(settings(), connection.settings(), PrometheusRegistry.defaultRegistry);
        OpsHttpServer http = OpsHttpServer.start(bind.bind(), metricsPort, PrometheusRegistry.defaultRegistry, Map.of());
        System.out.println("notifier: " + service.workers().size() + " subscriptions; /metrics on http://" + bind.bind() + ":" + http.port());
        UntilStopped.await(() -> {
            http.close();
            service.close();
        }, "chorus-notifier");
        return 0;
    }
}
