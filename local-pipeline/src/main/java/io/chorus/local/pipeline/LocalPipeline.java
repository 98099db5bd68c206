package io.chorus.local.pipeline;

import io.chorus.audio.synthetic.AnuraSetLayoutWriter;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import io.chorus.console.ConsoleService;
import io.chorus.console.ConsoleSettings;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.embedded.kafka.TopicProvisioner;
import io.chorus.ingest.health.HealthSettings;
import io.chorus.ingest.health.RecorderHealthService;
import io.chorus.ingest.labels.LabelJoinerService;
import io.chorus.ingest.publish.ChunkPublisher;
import io.chorus.ingest.publish.FolderPublisher;
import io.chorus.ingest.publish.PublisherMetrics;
import io.chorus.ingest.publish.PublisherSettings;
import io.chorus.ingest.publish.SimulatedFleet;
import io.chorus.ingest.publish.SkippedFiles;
import io.chorus.local.expert.ExpertMode;
import io.chorus.local.expert.SimulatedExpert;
import io.chorus.local.view.PipelineObserver;
import io.chorus.model.device.DeviceChoice;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.model.release.ModelReleases;
import io.chorus.notifier.NotifierService;
import io.chorus.notifier.NotifierSettings;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.OpsHttpServer;
import io.chorus.schemas.ops.ProgressBar;
import io.chorus.schemas.topics.Topics;
import io.chorus.stream.cli.DetectionJobCommand;
import io.chorus.stream.job.Checkpointing;
import io.chorus.stream.job.NewestCheckpoint;
import io.chorus.stream.job.DetectionJob;
import io.chorus.stream.job.DetectionJobSettings;
import io.chorus.stream.kafka.KafkaEndpoints;
import io.chorus.stream.review.ReviewSettings;
import io.chorus.trainer.gate.PromotionGate;
import io.chorus.trainer.mixing.MixerSettings;
import io.chorus.trainer.retrain.RetrainSettings;
import io.chorus.trainer.retrain.RetrainingService;
import io.chorus.trainer.retrain.RoundOutcome;
import io.chorus.trainer.retrain.RoundReport;
import io.chorus.trainer.training.SpecAugment;
import io.chorus.trainer.training.TrainConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: Kafka and the Schema Registry (embedded, or an existing
 * cluster), a synthetic base data set and the retraining service (which trains and publishes v1
 * when the line has no model), the recorder health and label joiner Kafka Streams services, the
 * Flink detection job on a MiniCluster, a simulated fleet streaming unseen recordings of the same
 * synthetic world, the web console (review queue, alerts, exports), the notifier when given
 * subscriptions, a simulated expert answering
 * review requests from the fleet's ground truth (unless people answer in the console),
 * a watched inbox folder for real files, and an observer that reads the outputs as any consumer
 * would. Pieces start in data-flow order and stop in reverse.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    /** The local model's front end: 3 s at 16 kHz, 64 mels × 188 frames (CPU-sized). */
    public static final FeatureConfig FEATURES = new FeatureConfig(16_000, 3.0, 1.0, 512, 256, 64, 0, 8_000);
    static final int WORLD_RATE_HZ = 22_050;

    private final PipelineSettings settings;
    private final Deque<AutoCloseable> closing = new ArrayDeque<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final List<Thread> feeders = new ArrayList<>();
    private volatile boolean running = true;
    private KafkaClientSettings kafka;
    private SimulatedFleet fleet;
    private FolderPublisher inbox;
    private RetrainingService trainer;
    private PipelineObserver observer;
    private Path inboxDir;
    private ConsoleService console;
    private NotifierService notifier;
    private String consoleUrl;

    private final PromotionGate gate;

    private LocalPipeline(PipelineSettings settings, PromotionGate gate) {
        this.settings = settings;
        this.gate = gate;
    }

    /** Starts every piece with the default promotion gate; on failure, stops what had started and rethrows. */
    public static LocalPipeline start(PipelineSettings settings, PrintStream out) throws Exception {
        return start(settings, out, PromotionGate.DEFAULTS);
    }

    /** Starts every piece with this promotion gate; on failure, stops what had started and rethrows. */
    public static LocalPipeline start(PipelineSettings settings, PrintStream out, PromotionGate gate) throws Exception {
        LocalPipeline p = new LocalPipeline(settings, gate);
        try {
            p.startAll(out);
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void startAll(PrintStream out) throws Exception {
        Path data = settings.dataDir().toAbsolutePath();
        Files.createDirectories(data);
        if (settings.embedded()) {
            EmbeddedStack stack = EmbeddedStack.start(data.resolve("kafka"), settings.cluster().kafkaPort(), settings.cluster().registryPort());
            closing.push(stack);
            kafka = stack.clientSettings();
            endpoints.put("kafka", stack.bootstrapServers());
            endpoints.put("registry", stack.schemaRegistryUrl() + " (/metrics)");
        } else {
            kafka = KafkaClientSettings.plain(settings.cluster().bootstrapServers(), settings.cluster().schemaRegistryUrl());
            List<String> created = TopicProvisioner.ensureTopics(kafka.admin(), Topics.DATA_TOPICS, (short) -1);
            out.println("using Kafka at " + settings.cluster().bootstrapServers() + " and the registry at " + settings.cluster().schemaRegistryUrl()
                    + (created.isEmpty() ? "" : "; created topics " + created));
        }

        startConsole(data, out); // first, so its address shows while v1 trains

        ChorusConfig world = SimulatedFleet.fleetConfig(settings.fleet().seed(), settings.fleet().sites(), 1_000_000, WORLD_RATE_HZ, settings.fleet().species());
        Path base = writeBaseDataSet(world, data.resolve("base"), out);

        trainer = RetrainingService.start(retrainSettings(data, base), kafka, settings.endpoints().bind(), settings.endpoints().trainerPort(), new PrometheusRegistry(),
                AdminToken.fromFile(settings.endpoints().adminTokenFile()));
        closing.push(trainer);
        endpoints.put("trainer", http(trainer.httpPort()) + "/metrics /status POST /retrain");
        awaitFirstModel(out);

        RecorderHealthService health = new RecorderHealthService(kafka, RecorderHealthService.APPLICATION_ID + "-local",
                data.resolve("streams"), new HealthSettings(Duration.ofSeconds(10), settings.fleet().offlineAfter(), -60.0, 0.999), settings.endpoints().bind(),
                settings.endpoints().healthPort(), 1000).start();
        closing.push(health);
        endpoints.put("health", http(health.httpPort()) + "/recorders /metrics");
        LabelJoinerService joiner = new LabelJoinerService(kafka, LabelJoinerService.APPLICATION_ID + "-local", data.resolve("streams"),
                settings.fleet().species(), 1000).start();
        closing.push(joiner);

        JobClient job = startDetectionJob(data);
        closing.push(() -> job.cancel().get(60, TimeUnit.SECONDS));
        if (settings.endpoints().jobMetricsPort() > 0) {
            endpoints.put("job", http(settings.endpoints().jobMetricsPort()) + "/metrics");
        }

        // The fleet's clock starts an hour back when it runs faster than real time, so its audio stays out of the future.
        Instant fleetStart = Instant.now().minus(settings.fleet().speed() == 1.0 ? Duration.ZERO : Duration.ofHours(1));
        fleet = new SimulatedFleet(world, settings.fleet().recorders(), fleetStart, settings.fleet().baseRecordings());
        PublisherMetrics publisherMetrics = new PublisherMetrics(registry);
        observer = new PipelineObserver(kafka, fleet, settings.model().modelName()).start();
        closing.push(observer);
        if (settings.review().expert() == ExpertMode.SIMULATED) {
            SimulatedExpert expert = new SimulatedExpert(kafka, fleet, settings.review().expertDelay(), registry).start();
            closing.push(expert);
        }
        ChunkPublisher fleetPublisher = new ChunkPublisher(kafka, "chorus-local-fleet", PublisherSettings.defaults(), publisherMetrics);
        feed("chorus-local-fleet", () -> fleet.playUntil(fleetPublisher, 1.0, settings.fleet().speed(), () -> running), fleetPublisher);

        inboxDir = Files.createDirectories(data.resolve("inbox"));
        ChunkPublisher inboxPublisher = new ChunkPublisher(kafka, "chorus-local-inbox",
                new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 50), publisherMetrics);
        // A file the inbox cannot read is dead-lettered by the publisher itself (as `chorus-ingest publish --folder` does).
        SkippedFiles inboxSkips = SkippedFiles.deadLettered(kafka, "chorus-local-inbox-dlq", publisherMetrics, false);
        inbox = new FolderPublisher(inboxDir, f -> new FolderPublisher.Origin("inbox", "INBOX"), ZoneOffset.UTC, Duration.ofSeconds(2),
                -1, inboxPublisher, inboxSkips);
        feed("chorus-local-inbox", () -> inbox.watch(Duration.ofSeconds(1), () -> running), () -> {
            inboxPublisher.close();
            inboxSkips.close();
        });

        if (settings.subscriptions() != null) {
            notifier = NotifierService.start(NotifierSettings.defaults(settings.subscriptions()).withConsoleUrl(consoleUrl), kafka, registry);
            closing.push(notifier);
            out.println("notifier: " + notifier.workers().size() + " subscriptions from " + settings.subscriptions());
        }
        OpsHttpServer own = OpsHttpServer.start(settings.endpoints().bind(), settings.endpoints().pipelinePort(), registry, Map.of());
        closing.push(own);
        endpoints.put("pipeline", http(own.port()) + "/metrics (publisher, simulated expert" + (notifier == null ? "" : ", notifier") + ")");
        endpoints.put("inbox", inboxDir.toString());
    }

    /**
     * The web console, on the --bind address like every endpoint (its pages need a login). On the first start it
     * creates the accounts file with one reviewer and prints the password once.
     */
    private void startConsole(Path data, PrintStream out) throws IOException {
        ConsoleSettings c = ConsoleSettings.defaults().withBind(settings.endpoints().bind()).withPort(settings.endpoints().consolePort())
                .withFiles(data.resolve("console-accounts.txt"), data.resolve("streams"), ConsoleSettings.APPLICATION_ID + "-local");
        console = ConsoleService.start(c, kafka, new PrometheusRegistry());
        closing.push(console);
        consoleUrl = http(console.port()) + "/";
        endpoints.put("console", consoleUrl + " (/metrics)");
        console.createdPassword().ifPresent(p -> out.println("console: created " + c.accounts().file() + " with account 'reviewer', password "
                + p + " (shown this once; the file keeps only its bcrypt hash)"));
        out.println("console at " + consoleUrl);
    }

    /** Where an endpoint on this port is reached (its listening address: loopback unless --bind says otherwise). */
    private String http(int port) {
        String host = settings.endpoints().bind().contains(":") ? "[" + settings.endpoints().bind() + "]" : settings.endpoints().bind();
        return "http://" + host + ":" + port;
    }

    /** Who answers review requests, for the view. */
    public String expertLine() {
        return settings.review().expert() == ExpertMode.SIMULATED
                ? "simulated: answers every review request from the fleet's ground truth after " + settings.review().expertDelay().toSeconds()
                + " s (--expert none leaves them to people in the console at " + consoleUrl + ")"
                : "none: answer review requests in the console at " + consoleUrl;
    }

    /** The notifier's latest delivery outcomes, newest first; empty without --subscriptions. */
    public List<String> deliveryLines() {
        return notifier == null ? List.of() : notifier.recentDeliveries();
    }

    public String consoleUrl() {
        return consoleUrl;
    }

    private interface Feed {
        void run() throws Exception;
    }

    /** A thread that publishes until the pipeline stops; its producer closes after it. */
    private void feed(String name, Feed body, AutoCloseable publisher) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (running) {
                    LOG.error("{} stopped", name, e);
                }
            }
        }, name);
        closing.push(() -> {
            running = false;
            t.join(30_000);
            publisher.close();
        });
        feeders.add(t);
        t.start();
    }

    private static final int BASE_SPLIT = 4;

    private Path writeBaseDataSet(ChorusConfig world, Path base, PrintStream out) throws IOException {
        if (Files.isRegularFile(base.resolve("metadata.csv"))) {
            return base;
        }
        // Quarter-length recordings, four times as many: the same audio, but the test split (the
        // gate's curated hold-out) spreads over four times as many recordings, the unit the gate resamples.
        ChorusConfig c = new ChorusConfig(world.seed(), world.sites(), new ChorusConfig.Recordings(BASE_SPLIT * settings.fleet().baseRecordings(),
                world.recordingSeconds() / BASE_SPLIT, world.sampleRateHz()), new ChorusConfig.Clips(3.0, 3.0), world.testFraction(),
                world.snr(), world.species());
        out.println("writing the synthetic base data set to " + base);
        Path partial = base.resolveSibling(base.getFileName() + ".partial");
        ProgressBar bar = new ProgressBar(System.err, "base data", (long) c.sites().size() * c.recordingsPerSite(), "recordings");
        AnuraSetLayoutWriter.write(new ChorusGenerator(c), partial, bar::update);
        Files.move(partial, base, StandardCopyOption.ATOMIC_MOVE);
        return base;
    }

    private RetrainSettings retrainSettings(Path data, Path base) {
        PipelineSettings.Model m = settings.model();
        // The recipe sized for a CPU (batch 32, 20 % validation); warm start and reviewed clips as chorus-trainer serve's defaults.
        TrainConfig recipe = new TrainConfig(Architecture.parse(m.architecture()), FEATURES,
                new TrainConfig.Mix(TrainConfig.DEFAULT_MIXER, MixerSettings.defaults()), new TrainConfig.Optimization(m.bootstrapEpochs(), 32,
                1e-2f, 0.01f), new TrainConfig.Regime(SpecAugment.Mode.parse(TrainConfig.DEFAULT_SPEC_AUGMENT), true), settings.fleet().seed(),
                0.2, DeviceChoice.parse("auto").resolve());
        RetrainSettings.WarmStart warm = RetrainSettings.WarmStart.defaults();
        return new RetrainSettings(new RetrainSettings.Line(m.modelName(), data.resolve("models"), ModelReleases.maxInlineArtifactBytes()),
                new RetrainSettings.BaseData(base, "anuraset", RetrainSettings.BaseData.DEFAULT_REVIEWED_REPEAT,
                        RetrainSettings.BaseData.DEFAULT_HOLD_OUT_SHARE), recipe,
                new RetrainSettings.WarmStart(warm.fromScratch(), m.warmStartEpochs(), warm.learningRate()),
                new RetrainSettings.Schedule(RetrainSettings.Schedule.defaults().roundInterval(), m.minNewClips(), Duration.ofSeconds(2)), gate);
    }

    private void awaitFirstModel(PrintStream out) throws InterruptedException {
        if (trainer.servingVersion() == 0) {
            out.println("no model yet: training v1 of " + settings.model().modelName() + " on the base data set (progress below)");
        }
        while (trainer.servingVersion() == 0) {
            RoundReport r = trainer.lastReport();
            if (r != null && r.outcome() == RoundOutcome.FAILED) {
                throw new IllegalStateException("the first model could not be trained: " + r.message());
            }
            Thread.sleep(200);
        }
        out.println(settings.model().modelName() + " v" + trainer.servingVersion() + " is on the models topic; starting the stream");
    }

    /**
     * Starts the job from the newest checkpoint a previous run left (retained on cancellation and
     * on a crash), so window state, source offsets and pending transactions carry over and each
     * window is still written once; committed group offsets alone would re-emit the windows of the
     * last checkpoint interval.
     */
    private JobClient startDetectionJob(Path data) throws Exception {
        Path checkpoints = data.resolve("checkpoints");
        Configuration conf = DetectionJobCommand.localConfiguration(checkpoints.toString(), settings.endpoints().jobMetricsPort(), settings.endpoints().bind());
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        Optional<Path> resume = NewestCheckpoint.in(checkpoints);
        if (resume.isPresent()) {
            conf.setString("execution.state-recovery.path", resume.get().toUri().toString());
            LOG.info("detection job resumes from {}", resume.get());
            LatestCheckpoint.deleteOtherJobs(checkpoints, resume.get());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        Checkpointing.defaults().applyTo(env);
        ReviewSettings review = ReviewSettings.defaults();
        DetectionJobSettings job = DetectionJobSettings.defaults().withModelName(settings.model().modelName())
                .withReview(new ReviewSettings(review.uncertainLow(), review.uncertainHigh(), settings.review().reviewPerHour(), review.rarePerHour()));
        KafkaEndpoints endpoints = new KafkaEndpoints(kafka, "chorus-local-detection-job", "chorus-local-detection-job");
        DetectionJob.build(env, endpoints.sources(), endpoints.sinks(), job);
        return env.executeAsync("chorus-detection-job");
    }

    public KafkaClientSettings kafka() {
        return kafka;
    }

    public SimulatedFleet fleet() {
        return fleet;
    }

    public PipelineObserver observer() {
        return observer;
    }

    public RetrainingService trainer() {
        return trainer;
    }

    public Path inbox() {
        return inboxDir;
    }

    /** Name → address of every endpoint, for the view. */
    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    /** Things the view should mention: files the inbox skipped, with their reasons. */
    public List<String> notices() {
        List<String> out = new ArrayList<>();
        if (inbox != null) {
            inbox.skipped().forEach(s -> out.add("inbox skipped " + s));
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        while (!closing.isEmpty()) {
            AutoCloseable c = closing.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", c, e.toString());
            }
        }
    }
}
