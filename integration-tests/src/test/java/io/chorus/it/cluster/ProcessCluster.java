package io.chorus.it.cluster;

import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.embedded.kafka.TopicProvisioner;
import io.chorus.embedded.registry.EmbeddedSchemaRegistry;
import io.chorus.ingest.publish.ChunkPublisher;
import io.chorus.ingest.publish.PublisherMetrics;
import io.chorus.ingest.publish.PublisherSettings;
import io.chorus.ingest.publish.SimulatedFleet;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.registry.CompatibilityLevel;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.models.TestReleases;
import io.chorus.trainer.release.ReleasePublisher;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Chorus on a cluster of processes, and the fault drills run against it: three Kafka nodes, the
 * Schema Registry, a Flink JobManager and TaskManagers running the shaded job jar, the simulated
 * fleet streaming, and {@link WindowLedger} reading what a downstream consumer sees. Each drill
 * breaks one thing while the fleet streams; after each, every window so far is checked.
 * Used by {@code ProcessClusterDrillTest} and by hand (see README, "Fault drills").
 */
@Command(name = "chorus-process-cluster", mixinStandardHelpOptions = true, version = "Chorus 0.1.0", showDefaultValues = true,
        sortOptions = false, description = "Runs Chorus on separate processes (3 Kafka nodes, Flink JobManager + TaskManagers) "
        + "and the fault drills against it; prints one result line per drill.")
public final class ProcessCluster implements Callable<Integer>, AutoCloseable {

    /** The drills, in the order they run. */
    enum Drill {
        TASKMANAGER_KILL, BROKER_KILL, REGISTRY_RESTART, SAVEPOINT_UPGRADE, TRAINER_KILL;

        /** The name on the command line: taskmanager-kill, broker-kill, ... */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Drill parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** One drill's outcome: recovery is seconds from the fault to the first window scored after it. */
    record DrillResult(Drill drill, double recoverySeconds, boolean jobRestarted, String whatHappened, WindowLedger.Check check) {

        String line() {
            return String.format(Locale.ROOT, "%-18s recovery %5.1f s | %s | %s", drill,
                    recoverySeconds, whatHappened, check);
        }
    }

    static final class DrillConverter implements CommandLine.ITypeConverter<Drill> {
        @Override
        public Drill convert(String value) {
            return Drill.parse(value);
        }
    }

    static final String MODEL = "chorus-drill";
    static final String JOB_CLASS = "io.chorus.stream.cli.DetectionJobCommand";

    @Option(names = "--dir", description = "Working directory: data, checkpoints, logs of every process (emptied first).")
    Path dir = Path.of("target/process-cluster");
    @Option(names = "--job-jar", description = "The shaded detection job jar.")
    Path jobJar = Path.of("target/job/chorus-detection-job.jar");
    @Option(names = "--drills", split = ",", converter = DrillConverter.class,
            description = "Drills to run, in order: taskmanager-kill, broker-kill, registry-restart, savepoint-upgrade, trainer-kill.")
    List<Drill> drills = List.of(Drill.values());
    @Option(names = "--recorders", description = "Simulated recorders streaming.")
    int recorders = 4;
    @Option(names = "--speed", description = "Fleet pace, times real time.")
    double speed = 2.0;
    @Option(names = "--task-managers", description = "TaskManager processes.")
    int taskManagers = 2;
    @Option(names = "--slots", description = "Task slots per TaskManager.")
    int slots = 2;
    @Option(names = "--parallelism", description = "Parallelism of the job.")
    int parallelism = 2;
    @Option(names = "--settle", converter = io.chorus.schemas.cli.DurationConverter.class,
            description = "Audio time between a drill's end and the next one (and before the first).")
    Duration settle = Duration.ofSeconds(40);

    private final PrintStream out;
    private KafkaCluster kafkaNodes;
    private EmbeddedSchemaRegistry registry;
    private int registryPort;
    private KafkaClientSettings kafka;
    private FlinkCluster flink;
    private WindowLedger ledger;
    private String jarId;
    private String jobId;
    private Thread fleetThread;
    private volatile boolean streaming = true;
    private volatile Throwable fleetFailure;
    private final List<DrillResult> results = new ArrayList<>();

    public ProcessCluster() {
        this(System.out);
    }

    ProcessCluster(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProcessCluster()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (ProcessCluster c = this) {
            start();
            for (Drill d : drills) {
                DrillResult r = run(d);
                out.println(r.line());
            }
            WindowLedger.Check last = finish();
            out.println("after the fleet stopped: " + last);
            return last.exact() ? 0 : 1;
        }
    }

    /** Starts every process, submits the job and the fleet, and waits for the first detections. */
    void start() throws Exception {
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(jobJar)) {
            throw new IllegalStateException("no job jar at " + jobJar.toAbsolutePath() + ": build it with mvn -pl stream-processor -am package");
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        dir = dir.toAbsolutePath();
        // Flink needs nothing from Kafka to start: both come up at once.
        java.util.concurrent.CompletableFuture<FlinkCluster> flinkStarting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return FlinkCluster.start(dir.resolve("flink"), taskManagers, slots);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            kafkaNodes = KafkaCluster.start(dir, 3);
        } finally {
            try {
                flink = flinkStarting.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("the Flink cluster did not start: " + e.getCause().getMessage(), e.getCause());
            }
        }
        KafkaClientSettings plain = KafkaClientSettings.plain(kafkaNodes.bootstrapServers(), null);
        TopicProvisioner.ensureTopics(plain.admin(), Topics.ALL, (short) 3);
        registry = EmbeddedSchemaRegistry.start(plain.common(), Topics.SCHEMA_REGISTRY_STORE, "127.0.0.1", 0, CompatibilityLevel.BACKWARD);
        registryPort = registry.port();
        kafka = KafkaClientSettings.plain(kafkaNodes.bootstrapServers(), registry.url());
        progress(t0, "3 Kafka nodes and the registry up");
        progress(t0, "Flink JobManager and " + taskManagers + " TaskManagers up");
        publishModel();
        ledger = new WindowLedger(kafka);
        jarId = flink.upload(jobJar);
        jobId = flink.run(jarId, JOB_CLASS, jobArgs(), null);
        progress(t0, "job " + jobId + " submitted");
        startFleet();
        awaitWindows(1, Duration.ofMinutes(3), "the first detection");
        progress(t0, "detections flowing");
        streamFor(settle);
    }

    private List<String> jobArgs() {
        return List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--model-name", MODEL, "--parallelism", Integer.toString(parallelism), "--metrics-port", "0",
                "--checkpoint-dir", dir.resolve("flink/checkpoints").toUri().toString(), "--inference-workers", "1");
    }

    DrillResult run(Drill drill) throws Exception {
        DrillResult r = switch (drill) {
            case TASKMANAGER_KILL -> killTaskManager();
            case BROKER_KILL -> killBroker();
            case REGISTRY_RESTART -> restartRegistry();
            case SAVEPOINT_UPGRADE -> upgradeFromSavepoint();
            case TRAINER_KILL -> killTrainerBeforeCommit();
        };
        results.add(r);
        return r;
    }

    /** SIGKILL the TaskManager running most of the job; the job restarts from its last checkpoint on what is left. */
    DrillResult killTaskManager() throws Exception {
        JvmProcess victim = flink.busiestTaskManager();
        long checkpoints = flink.completedCheckpoints(jobId);
        long mark = System.currentTimeMillis();
        victim.kill();
        double recovery = awaitRecovery(mark);
        // What Kubernetes does next: a new pod replaces the dead one.
        flink.startTaskManager();
        streamFor(settle);
        return new DrillResult(Drill.TASKMANAGER_KILL, recovery, lastRestarted, "SIGKILL " + victim + " after " + checkpoints
                + " checkpoints; " + (lastRestarted ? "job restarted from its last checkpoint" : "job did not restart")
                + "; a replacement TaskManager started", ledger.awaitComplete(lag(), Duration.ofMinutes(2)));
    }

    /** SIGKILL the Kafka node leading detections partition 0, then bring it back. */
    DrillResult killBroker() throws Exception {
        int leader = KafkaCluster.leaderOf(kafka, Topics.DETECTIONS.name(), 0);
        long mark = System.currentTimeMillis();
        kafkaNodes.killNode(leader);
        double recovery = awaitRecovery(mark);
        streamFor(Duration.ofSeconds(10));
        kafkaNodes.restartNode(leader);
        streamFor(settle);
        return new DrillResult(Drill.BROKER_KILL, recovery, lastRestarted, "SIGKILL kafka-" + leader + " (leader of detections-0); "
                + (lastRestarted ? "job restarted" : "job kept running") + "; node back after 10 s more audio", ledger.awaitComplete(lag(), Duration.ofMinutes(2)));
    }

    /** Stop the registry for 20 s and start it again on its port: nothing may land in the DLQ meanwhile. */
    DrillResult restartRegistry() throws Exception {
        long dlqBefore = CommittedRecords.readAll(kafka, Topics.AUDIO_CHUNKS_DLQ).size();
        long mark = System.currentTimeMillis();
        registry.close();
        Thread.sleep(20_000);
        registry = EmbeddedSchemaRegistry.start(KafkaClientSettings.plain(kafkaNodes.bootstrapServers(), null).common(),
                Topics.SCHEMA_REGISTRY_STORE, "127.0.0.1", registryPort, CompatibilityLevel.BACKWARD);
        streamFor(settle);
        long read = ledger.firstReadScoredAfter(mark);
        double scored = read < 0 ? -1 : Math.max(0, (read - mark) / 1000.0);
        List<RejectedRecord> dlq = CommittedRecords.readAll(kafka, Topics.AUDIO_CHUNKS_DLQ);
        return new DrillResult(Drill.REGISTRY_RESTART, scored, false, "registry down 20 s; dead-lettered meanwhile: "
                + (dlq.size() - dlqBefore), ledger.awaitComplete(lag(), Duration.ofMinutes(2)));
    }

    /**
     * stop-with-savepoint, then the job from a rebuilt jar (same classes, new file: what an upgrade
     * deploys) resumed from the savepoint — the FlinkDeployment's upgradeMode: savepoint.
     */
    DrillResult upgradeFromSavepoint() throws Exception {
        long mark = System.currentTimeMillis();
        String savepoint = flink.stopWithSavepoint(jobId);
        Path rebuilt = dir.resolve("chorus-detection-job-rebuilt.jar");
        Files.copy(jobJar, rebuilt, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + rebuilt.toUri()), Map.of())) {
            Files.writeString(zip.getPath("META-INF", "chorus-rebuilt.txt"), Instant.now().toString());
        }
        String newJar = flink.upload(rebuilt);
        jobId = flink.run(newJar, JOB_CLASS, jobArgs(), savepoint);
        double recovery = awaitRecovery(mark);
        streamFor(settle);
        return new DrillResult(Drill.SAVEPOINT_UPGRADE, recovery, true, "stop-with-savepoint " + Path.of(URI.create(savepoint)).getFileName()
                + ", resumed from a rebuilt jar", ledger.awaitComplete(lag(), Duration.ofMinutes(2)));
    }

    /**
     * A trainer process SIGKILLed after sending v2 in its transaction and before committing: the
     * job must go on serving v1 and never see that v2; the restarted trainer's v2 (which fences the
     * dead one's transaction) is then swapped in. Recovery: from the restart to the first v2 window.
     */
    DrillResult killTrainerBeforeCommit() throws Exception {
        int next = io.chorus.trainer.release.ModelLine.read(kafka, MODEL).latestVersion() + 1;
        JvmProcess trainer = JvmProcess.start("trainer", ClusterClassPath.all(), HalfPublishedRelease.class.getName(),
                List.of("-Xmx512m", "-Dai.djl.offline=true"), List.of(kafka.bootstrapServers(), registry.url(), Integer.toString(next)),
                dir.resolve("logs/trainer.log"), Map.of());
        trainer.awaitLog("sent, not committed", Duration.ofMinutes(1));
        trainer.kill();
        streamFor(Duration.ofSeconds(10));
        int visible = io.chorus.trainer.release.ModelLine.read(kafka, MODEL).latestVersion();
        long servedDead = ledger.firstReadOfVersion(next);
        long restart = System.currentTimeMillis();
        new ReleasePublisher(kafka).publish(modelRelease(next, "the restarted trainer's"), next - 1);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ledger.firstReadOfVersion(next) < 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long swapped = ledger.firstReadOfVersion(next);
        streamFor(settle);
        return new DrillResult(Drill.TRAINER_KILL, swapped < 0 ? -1 : (swapped - restart) / 1000.0, false,
                "SIGKILL between send and commit: line at v" + visible + " meanwhile, v" + next + " windows before the restart: "
                        + (servedDead < 0 ? 0 : "some") + "; restarted trainer's v" + next + (swapped < 0 ? " never served" : " served"),
                ledger.awaitComplete(lag(), Duration.ofMinutes(2)));
    }

    /** Stops the fleet and waits until every window of the audio sent is on detections. */
    WindowLedger.Check finish() throws InterruptedException {
        streaming = false;
        if (fleetThread != null) {
            fleetThread.join(30_000);
        }
        if (fleetFailure != null) {
            throw new IllegalStateException("the fleet stopped publishing: " + fleetFailure, fleetFailure);
        }
        // The last windows wait for the watermark, which stops with the audio: they are not expected.
        return ledger.awaitComplete(Duration.ofSeconds(8), Duration.ofMinutes(2));
    }

    List<DrillResult> results() {
        return List.copyOf(results);
    }

    /** Audio the job may still be behind on while the fleet streams. */
    private Duration lag() {
        return Duration.ofSeconds(30);
    }

    /**
     * Seconds from the fault until a window scored after the job recovered was read: after it was
     * RUNNING again when it restarted (windows scored before the restart may still commit, if the
     * dead process had already acknowledged their checkpoint), else after the fault.
     */
    private double awaitRecovery(long faultMillis) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            long restarted = flink.runningSince(jobId);
            long from = restarted > faultMillis ? restarted : faultMillis;
            long read = ledger.firstReadScoredAfter(from);
            // Without a restart, only once the job has kept running 10 s past the fault.
            boolean settled = restarted > faultMillis
                    || System.currentTimeMillis() - faultMillis > 10_000 && flink.jobState(jobId).equals("RUNNING");
            if (read > 0 && settled) {
                lastRestarted = restarted > faultMillis;
                return (read - faultMillis) / 1000.0;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no window scored within 3 min of the fault; job " + jobId + " "
                        + flink.jobState(jobId) + ", logs under " + dir.resolve("flink/logs"));
            }
            Thread.sleep(200);
        }
    }

    /** Whether the job restarted during the last recovery awaited. */
    private boolean lastRestarted;

    private void awaitWindows(long count, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledger.windowsSeen() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + timeout + "; JobManager log: "
                        + flink.jobManager().tail(3000));
            }
            if (fleetFailure != null) {
                throw new IllegalStateException("the fleet stopped publishing: " + fleetFailure, fleetFailure);
            }
            Thread.sleep(500);
        }
    }

    /** Lets the fleet stream {@code audio} more audio time. */
    private void streamFor(Duration audio) throws InterruptedException {
        Thread.sleep(Math.round(audio.toMillis() / speed));
    }

    private void startFleet() {
        // Whole seconds, so every window starts on a chunk boundary and the ledger knows each id.
        Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 3600);
        SimulatedFleet fleet = new SimulatedFleet(recorders, 2, 7, start, 16_000);
        fleetThread = new Thread(() -> {
            try (ChunkPublisher publisher = new ChunkPublisher(kafka, "chorus-drill-fleet", PublisherSettings.defaults(),
                    new PublisherMetrics(new PrometheusRegistry()))) {
                fleet.playUntil(publisher, 1.0, speed, () -> streaming);
            } catch (Throwable e) {
                fleetFailure = e;
            }
        }, "drill-fleet");
        fleetThread.setDaemon(true);
        fleetThread.start();
    }

    /** v1 of the drill's model line: a randomly initialised network (the drills check delivery, not accuracy). */
    private void publishModel() throws Exception {
        new ReleasePublisher(kafka).publish(modelRelease(1, "fault drills"), 0);
    }

    /** A release of the drill's line: a randomly initialised network. */
    static io.chorus.schemas.avro.ModelRelease modelRelease(int version, String notes) throws Exception {
        io.chorus.schemas.avro.ModelRelease r = TestReleases.release(MODEL, version, TestReleases.untrained(ChorusConfig.defaults().species()));
        r.setNotes(notes);
        return r;
    }

    private void progress(long t0, String what) {
        out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        streaming = false;
        if (ledger != null) {
            ledger.close();
        }
        if (flink != null) {
            flink.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafkaNodes != null) {
            kafkaNodes.close();
        }
    }
}
