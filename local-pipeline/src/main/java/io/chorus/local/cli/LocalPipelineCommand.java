package io.chorus.local.cli;

import io.chorus.local.expert.ExpertMode;
import io.chorus.local.pipeline.LocalPipeline;
import io.chorus.local.pipeline.PipelineSettings;
import io.chorus.local.view.ConsoleView;
import io.chorus.schemas.cli.DurationConverter;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.AdminTokenOptions;
import io.chorus.schemas.ops.BindOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code chorus-local}: the whole pipeline on embedded defaults, with a live console view. */
@Command(name = "chorus-local", mixinStandardHelpOptions = true, version = "Chorus 0.1.0", sortOptions = false,
        description = {"Runs all of Chorus in one process: Kafka and a Schema Registry (embedded unless given), the retraining "
                + "service (trains v1 on a synthetic set first when there is no model), recorder health and the label joiner, the "
                + "Flink detection job, a simulated fleet, a simulated expert and a watched inbox folder; prints a live view. "
                + "Ctrl-C stops it; the next start reuses the data folder."})
public final class LocalPipelineCommand implements Callable<Integer> {

    private static final PipelineSettings D = PipelineSettings.defaults();

    @Option(names = "--data-dir", description = "Data folder (broker, models, checkpoints, state, inbox). Default: ${DEFAULT-VALUE}")
    Path dataDir = D.dataDir();
    @Option(names = "--bootstrap-servers", description = "An existing Kafka cluster instead of the embedded broker. Default: embedded")
    String bootstrapServers;
    @Option(names = "--schema-registry-url", description = "An existing Schema Registry (Confluent REST API). Default: embedded")
    String schemaRegistryUrl;
    @Option(names = "--kafka-port", description = "Embedded broker port (0: any free one). Default: ${DEFAULT-VALUE}")
    int kafkaPort = D.cluster().kafkaPort();
    @Option(names = "--registry-port", description = "Embedded registry port (0: any free one). Default: ${DEFAULT-VALUE}")
    int registryPort = D.cluster().registryPort();
    @Option(names = "--recorders", description = "Simulated recorders. Default: ${DEFAULT-VALUE}")
    int recorders = D.fleet().recorders();
    @Option(names = "--sites", description = "Sites they are spread over. Default: ${DEFAULT-VALUE}")
    int sites = D.fleet().sites();
    @Option(names = "--speed", description = "Seconds of audio per wall-clock second (1: real time, 0: as fast as possible). Default: ${DEFAULT-VALUE}")
    double speed = D.fleet().speed();
    @Option(names = "--seed", description = "Seed of the synthetic world. Default: ${DEFAULT-VALUE}")
    long seed = D.fleet().seed();
    @Option(names = "--species", split = ",", description = "Species of the world and the model. Default: SPHSUR,BOABIS,BOAFAB,LEPPOD,PITAZU,ADEDIP")
    List<String> species = D.fleet().species();
    @Option(names = "--base-recordings", description = "Minutes of audio per site in the base data set, written as 15 s recordings (the gate resamples recordings). Default: ${DEFAULT-VALUE}")
    int baseRecordings = D.fleet().baseRecordings();
    @Option(names = "--model-name", description = "Model line. Default: ${DEFAULT-VALUE}")
    String modelName = D.model().modelName();
    @Option(names = "--arch", description = "Network of the first model. Default: ${DEFAULT-VALUE}")
    String architecture = D.model().architecture();
    @Option(names = "--bootstrap-epochs", description = "Epochs of the first model. Default: ${DEFAULT-VALUE}")
    int bootstrapEpochs = D.model().bootstrapEpochs();
    @Option(names = "--warm-start-epochs", description = "Epochs of each retraining round. Default: ${DEFAULT-VALUE}")
    int warmStartEpochs = D.model().warmStartEpochs();
    @Option(names = "--min-new-clips", description = "Labelled clips that start a retraining round. Default: ${DEFAULT-VALUE}")
    int minNewClips = D.model().minNewClips();
    @Option(names = "--expert-delay", converter = DurationConverter.class, description = "Time the simulated expert takes to answer. Default: 15s")
    Duration expertDelay = D.review().expertDelay();
    @Option(names = "--review-per-hour", description = "Uncertain windows sent to review per recorder per hour of audio. Default: ${DEFAULT-VALUE}")
    int reviewPerHour = D.review().reviewPerHour();
    @Option(names = "--offline-after", converter = DurationConverter.class, description = "Silence after which a recorder is OFFLINE. Default: 30s")
    Duration offlineAfter = D.fleet().offlineAfter();
    @Option(names = "--view-interval", converter = DurationConverter.class, description = "Console view refresh (0s: no view). Default: 5s")
    Duration viewInterval = D.viewInterval();
    @Option(names = "--trainer-port", description = "Retraining service HTTP port. Default: ${DEFAULT-VALUE}")
    int trainerPort = D.endpoints().trainerPort();
    @Option(names = "--health-port", description = "Recorder health HTTP port. Default: ${DEFAULT-VALUE}")
    int healthPort = D.endpoints().healthPort();
    @Option(names = "--job-metrics-port", description = "Flink's Prometheus reporter port (0: off). Default: ${DEFAULT-VALUE}")
    int jobMetricsPort = D.endpoints().jobMetricsPort();
    @Option(names = "--pipeline-port", description = "This process's own /metrics (publisher, simulated expert). Default: ${DEFAULT-VALUE}")
    int pipelinePort = D.endpoints().pipelinePort();
    @Option(names = "--console-port", description = "The web console (review queue, alerts, exports). Default: ${DEFAULT-VALUE}")
    int consolePort = D.endpoints().consolePort();
    @Option(names = "--expert", description = "Who answers review requests: simulated (from the fleet's ground truth) or none (people, "
            + "in the console). Default: simulated")
    String expert = "simulated";
    @Option(names = "--subscriptions", description = "Deliver alerts to the subscriptions of this file (webhook, MQTT, e-mail; see the "
            + "README); the live view shows the deliveries. Default: none (no notifier)")
    Path subscriptions;
    @Mixin
    BindOptions bind;
    @Mixin
    AdminTokenOptions admin;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalPipelineCommand()).setUsageHelpAutoWidth(true).execute(args));
    }

    PipelineSettings settings() {
        return new PipelineSettings(dataDir, new PipelineSettings.Cluster(bootstrapServers, schemaRegistryUrl, kafkaPort, registryPort),
                new PipelineSettings.Fleet(recorders, sites, speed, seed, species, baseRecordings, offlineAfter),
                new PipelineSettings.Model(modelName, architecture, bootstrapEpochs, warmStartEpochs, minNewClips),
                new PipelineSettings.Review(expertMode(), expertDelay, reviewPerHour),
                new PipelineSettings.Endpoints(bind.bind(), trainerPort, healthPort, jobMetricsPort, pipelinePort, consolePort,
                        admin.adminTokenFile()), viewInterval, subscriptions);
    }

    private ExpertMode expertMode() {
        try {
            return ExpertMode.valueOf(expert.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--expert '" + expert + "' is neither simulated nor none");
        }
    }

    @Override
    public Integer call() throws Exception {
        PipelineSettings s = settings();
        System.setProperty("chorus.log.dir", s.dataDir().resolve("logs").toString()); // before the first logger (log4j2.xml)
        System.out.println("Chorus local run; logs go to " + s.dataDir().resolve("logs").resolve("chorus.log"));
        bind.warnIfExposed("chorus-local", AdminToken.fromFile(s.endpoints().adminTokenFile()));
        LocalPipeline pipeline = LocalPipeline.start(s, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping ...");
            pipeline.close();
            stopped.countDown();
        }, "chorus-local-shutdown"));
        System.out.println("running; Ctrl-C stops. Drop WAV or FLAC files into " + pipeline.inbox() + " to publish them.");
        boolean ansi = System.console() != null;
        while (!stopped.await(s.viewInterval().isZero() ? 3_600_000 : s.viewInterval().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (!s.viewInterval().isZero()) {
                String view = ConsoleView.render(pipeline.observer().snapshot(), pipeline.endpoints(), pipeline.notices(), pipeline.expertLine(),
                        pipeline.deliveryLines());
                System.out.print((ansi ? "\033[H\033[2J" : "") + view);
                System.out.flush();
            }
        }
        return 0;
    }
}
