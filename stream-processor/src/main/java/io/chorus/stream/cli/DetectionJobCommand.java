package io.chorus.stream.cli;

import io.chorus.schemas.cli.DurationConverter;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.schemas.ops.BindOptions;
import io.chorus.stream.alerts.AlertSettings;
import io.chorus.stream.chunks.ChunkLimits;
import io.chorus.stream.inference.Decisions;
import io.chorus.stream.inference.InferenceSettings;
import io.chorus.stream.job.Checkpointing;
import io.chorus.stream.job.DetectionJob;
import io.chorus.stream.job.DetectionJobSettings;
import io.chorus.stream.kafka.KafkaEndpoints;
import io.chorus.stream.review.ReviewSettings;
import io.chorus.stream.metrics.BoundPrometheusReporterFactory;
import io.chorus.stream.windows.WindowSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the detection job: on a local MiniCluster when started with {@code java}, on a Flink
 * cluster when submitted with {@code flink run} (the cluster's configuration then wins).
 */
@Command(name = "chorus-detection-job", mixinStandardHelpOptions = true, version = "Chorus 0.1.0",
        sortOptions = false, showDefaultValues = true,
        description = "The Flink detection job: audio.chunks -> windows -> model -> detections, alerts, review.requests.")
public final class DetectionJobCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions kafka;

    @Option(names = "--model-name", description = "Model line to serve (ModelRelease.modelName).")
    String modelName = DetectionJobSettings.DEFAULT_MODEL_NAME;
    @Option(names = "--consumer-group", description = "Kafka consumer group (offsets committed on checkpoints).")
    String consumerGroup = "chorus-detection-job";
    @Option(names = "--transactional-id-prefix", description = "Prefix of the sinks' transactional ids; unique per deployment.")
    String transactionalIdPrefix = "chorus-detection-job";

    @Option(names = "--parallelism", description = "Parallelism of every operator.")
    int parallelism = 1;
    @Option(names = "--checkpoint-interval", converter = DurationConverter.class,
            description = "Checkpoint interval; outputs become visible to read_committed consumers at each checkpoint, so it and the pause below bound alert latency.")
    Duration checkpointInterval = Checkpointing.DEFAULT_INTERVAL;
    @Option(names = "--checkpoint-min-pause", converter = DurationConverter.class,
            description = "Least time from the end of one checkpoint to the start of the next: a loaded job keeps up instead of checkpointing back to back.")
    Duration checkpointMinPause = Checkpointing.DEFAULT_MIN_PAUSE;
    @Option(names = "--checkpoint-compression", negatable = true, defaultValue = "" + Checkpointing.DEFAULT_COMPRESSED, fallbackValue = "true",
            description = "Snappy-compress keyed state in checkpoints and savepoints (--no-checkpoint-compression: write it plain; either restores either). Default: ${DEFAULT-VALUE}")
    boolean checkpointCompression = Checkpointing.DEFAULT_COMPRESSED;
    @Option(names = "--checkpoint-dir", description = "Where checkpoints are kept (a path or a URI such as s3://...).")
    String checkpointDir = "chorus-data/checkpoints";
    @Option(names = "--metrics-port", description = "Port of Flink's Prometheus reporter (/metrics) in a local run; 0 turns it off.")
    int metricsPort = 9249;
    @Mixin
    BindOptions bind;

    @Option(names = "--window-seconds", description = "Window length.")
    double windowSeconds = WindowSettings.defaults().windowSeconds();
    @Option(names = "--hop-seconds", description = "Step between windows.")
    double hopSeconds = WindowSettings.defaults().hopSeconds();
    @Option(names = "--max-gap-fill-seconds", description = "Gaps up to this long are filled with silence and flagged; longer ones end the window.")
    double maxGapFillSeconds = WindowSettings.defaults().maxGapFillSeconds();
    @Option(names = "--out-of-orderness", converter = DurationConverter.class, description = "Bound on out-of-order chunk arrival (watermark delay).")
    Duration outOfOrderness = DetectionJobSettings.Input.defaults().outOfOrderness();
    @Option(names = "--allowed-lateness", converter = DurationConverter.class, description = "Chunks starting further behind the watermark go to the DLQ as LATE_CHUNK.")
    Duration allowedLateness = Duration.ofMillis(WindowSettings.defaults().allowedLatenessMillis());
    @Option(names = "--idleness", converter = DurationConverter.class, description = "A partition silent this long stops holding the watermark back.")
    Duration idleness = DetectionJobSettings.Input.defaults().idleness();
    @Option(names = "--max-chunk-seconds", description = "Longer chunks go to the DLQ as OVERSIZED_CHUNK.")
    double maxChunkSeconds = ChunkLimits.defaults().maxChunkSeconds();

    @Option(names = "--max-batch", description = "Most windows per forward pass.")
    int maxBatch = InferenceSettings.defaults().maxBatch();
    @Option(names = "--max-batch-wait-ms", description = "Longest a window waits for its batch to fill.")
    long maxBatchWaitMillis = InferenceSettings.defaults().maxWaitMillis();
    @Option(names = "--inference-workers", description = "Inference threads per task manager (0: one per core, one on a GPU).")
    int workers = InferenceSettings.defaults().workers();
    @Option(names = "--device", description = "auto, cpu or gpu.")
    String device = InferenceSettings.defaults().device();
    @Option(names = "--intra-op-threads", description = "PyTorch threads inside one forward pass.")
    int intraOpThreads = InferenceSettings.defaults().intraOpThreads();
    @Option(names = "--in-flight", description = "Windows each inference instance may have outstanding (checkpointed, so keep it small).")
    int inFlight = DetectionJobSettings.Scoring.defaults().inFlightPerInstance();
    @Option(names = "--inference-timeout", converter = DurationConverter.class, description = "A window not scored by then goes to the DLQ as INFERENCE_FAILED.")
    Duration inferenceTimeout = DetectionJobSettings.Scoring.defaults().inferenceTimeout();
    @Option(names = "--max-waiting-windows", description = "Windows held per instance until the first model arrives; older ones go to the DLQ as NO_MODEL.")
    int maxWaitingWindows = DetectionJobSettings.Scoring.defaults().maxWaitingWindows();

    @Option(names = "--threshold", paramLabel = "SPECIES=SCORE", description = "Override a species' decision threshold (repeatable).")
    Map<String, Float> thresholds = new LinkedHashMap<>();
    @Option(names = "--priority-species", split = ",", paramLabel = "CODE", description = "Species flagged as rare/threatened in alerts and always sampled for review when detected.")
    List<String> prioritySpecies = List.of();
    @Option(names = "--alert-positives", description = "k: positive windows needed for an alert.")
    int alertPositives = AlertSettings.defaults().positives();
    @Option(names = "--alert-span-seconds", description = "The k positives must start within this span.")
    double alertSpanSeconds = AlertSettings.defaults().spanSeconds();
    @Option(names = "--alert-cooldown-seconds", description = "No repeat alert for a site and species within this time.")
    double alertCooldownSeconds = AlertSettings.defaults().cooldownSeconds();
    @Option(names = "--review-band", split = ",", paramLabel = "LOW,HIGH", description = "A window whose best score is in [LOW, HIGH) is sent for review.")
    List<Float> reviewBand = List.of(ReviewSettings.defaults().uncertainLow(), ReviewSettings.defaults().uncertainHigh());
    @Option(names = "--review-uncertain-per-hour", description = "Uncertain windows requested per recorder per hour.")
    int reviewUncertainPerHour = ReviewSettings.defaults().uncertainPerHour();
    @Option(names = "--review-rare-per-hour", description = "Rare/priority positives requested per recorder per hour.")
    int reviewRarePerHour = ReviewSettings.defaults().rarePerHour();

    public static void main(String[] args) {
        int code = new CommandLine(new DetectionJobCommand()).execute(args);
        if (insideFlinkCluster()) {
            // Submitted to a cluster, main runs in the JobManager: System.exit would stop the JobManager.
            if (code != 0) {
                throw new IllegalStateException("chorus-detection-job exited with code " + code + " (see the messages above)");
            }
            return;
        }
        System.exit(code);
    }

    /** Whether this class came from a job jar that Flink loaded (REST submission, application mode). */
    static boolean insideFlinkCluster() {
        for (ClassLoader l = DetectionJobCommand.class.getClassLoader(); l != null; l = l.getParent()) {
            String name = l.getClass().getName();
            if (name.contains("FlinkUserCodeClassLoader") || name.contains("ChildFirstClassLoader")
                    || name.contains("ParentFirstClassLoader") || name.contains("SafetyNetWrapperClassLoader")) {
                return true;
            }
        }
        return false;
    }

    DetectionJobSettings settings() {
        if (reviewBand.size() != 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--review-band needs LOW,HIGH");
        }
        ChunkLimits defaults = ChunkLimits.defaults();
        WindowSettings w = WindowSettings.defaults();
        return new DetectionJobSettings(modelName,
                new DetectionJobSettings.Input(new ChunkLimits(maxChunkSeconds, defaults.maxChunkBytes(), defaults.sampleRatesHz(),
                        defaults.maxChannels(), defaults.maxFutureMillis()), outOfOrderness, idleness),
                new WindowSettings(windowSeconds, hopSeconds, maxGapFillSeconds, w.toleranceMicros(),
                        allowedLateness.toMillis(), w.maxPendingChunks()),
                new DetectionJobSettings.Scoring(new InferenceSettings(maxBatch, maxBatchWaitMillis, workers, device, intraOpThreads),
                        new Decisions(thresholds, Set.copyOf(prioritySpecies)), maxWaitingWindows, inferenceTimeout, inFlight),
                new AlertSettings(alertPositives, alertSpanSeconds, alertCooldownSeconds),
                new ReviewSettings(reviewBand.get(0), reviewBand.get(1), reviewUncertainPerHour, reviewRarePerHour));
    }

    Checkpointing checkpointing() {
        return new Checkpointing(checkpointInterval, checkpointMinPause, checkpointCompression);
    }

    /** Flink settings for a local run; a cluster's own configuration takes precedence when submitted. */
    Configuration flinkConfiguration() {
        return localConfiguration(checkpointDir, metricsPort, bind.bind());
    }

    /** {@link #localConfiguration(String, int, String)} with the metrics on loopback. */
    public static Configuration localConfiguration(String checkpointDir, int metricsPort) {
        return localConfiguration(checkpointDir, metricsPort, "127.0.0.1");
    }

    /**
     * Heap state, checkpoints under {@code checkpointDir} (path or URI), Flink's Prometheus metrics
     * on {@code metricsHost:metricsPort} (port 0: off). The MiniCluster's own sockets (RPC, blob
     * server, data exchange, REST) stay on loopback: nothing outside this process talks to them.
     */
    public static Configuration localConfiguration(String checkpointDir, int metricsPort, String metricsHost) {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "hashmap");
        String dir = checkpointDir.contains("://") ? checkpointDir : Path.of(checkpointDir).toAbsolutePath().toUri().toString();
        conf.setString("execution.checkpointing.dir", dir);
        for (String key : new String[] {"jobmanager.bind-host", "taskmanager.bind-host", "jobmanager.rpc.address", "taskmanager.host",
                "rest.bind-address", "rest.address"}) {
            conf.setString(key, "127.0.0.1");
        }
        if (metricsPort > 0) {
            conf.setString("metrics.reporter.prom.factory.class", BoundPrometheusReporterFactory.class.getName());
            conf.setString("metrics.reporter.prom.host", metricsHost);
            conf.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
        }
        return conf;
    }

    @Override
    public Integer call() throws Exception {
        DetectionJobSettings s = settings();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
        env.setParallelism(parallelism);
        checkpointing().applyTo(env);
        KafkaEndpoints kafkaEndpoints = new KafkaEndpoints(kafka.settings(), consumerGroup, transactionalIdPrefix);
        DetectionJob.build(env, kafkaEndpoints.sources(), kafkaEndpoints.sinks(), s);
        env.execute("chorus-detection-job");
        return 0;
    }
}
