package io.chorus.trainer.retrain;

import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.OpsHttpServer;
import io.chorus.schemas.topics.Topics;
import io.chorus.trainer.release.ModelDirectory;
import io.chorus.trainer.release.ModelLine;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining service ({@code trainer serve}): one thread runs rounds, one at a time, when a
 * trigger fires — the line has no model yet (bootstrap), the previous process died mid-round
 * (resume), {@code POST /retrain} asked, {@code minNewClips} labelled clips arrived since the last
 * round, or {@code roundInterval} passed since the last round started. The schedule lives in the
 * model directory, so a restart keeps it; a lock file there keeps a second trainer of the same
 * line from running rounds beside it. After a failed round, automatic triggers wait
 * {@link #FAILURE_BACKOFF} (or the round interval, if shorter) before trying again.
 */
public final class RetrainingService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainingService.class);
    static final Duration FAILURE_BACKOFF = Duration.ofMinutes(10);

    private final RetrainSettings settings;
    private final KafkaClientSettings kafka;
    private final ModelDirectory dir;
    private final RetrainMetrics metrics;
    private final RetrainingRound round;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object monitor = new Object();
    private final long startedMillis = System.currentTimeMillis();
    private final Thread loop;
    private final OpsHttpServer http;

    private volatile boolean stopping;
    private volatile boolean demanded;
    private volatile boolean resume;
    private volatile String roundInProgress;
    private volatile long waitingClips;
    private volatile int servingVersion;
    private volatile RoundReport lastReport;

    private RetrainingService(RetrainSettings settings, KafkaClientSettings kafka, String httpHost, int httpPort, AdminToken token,
                              PrometheusRegistry registry) throws IOException {
        this.settings = settings;
        this.kafka = kafka;
        this.dir = new ModelDirectory(settings.line().modelDir(), settings.modelName());
        Files.createDirectories(dir.path());
        Path lockFile = dir.path().resolve("trainer.lock");
        this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IllegalStateException("another trainer already serves " + settings.modelName() + " from " + dir.path()
                    + " (it holds " + lockFile + ")");
        }
        this.lock = l;
        this.metrics = new RetrainMetrics(registry);
        this.round = new RetrainingRound(settings, kafka, dir, new BaseDataSet(settings.base().dir(), settings.base().variant()), metrics,
                () -> stopping);
        markInterruptedRound();
        this.http = OpsHttpServer.start(httpHost, httpPort, registry, Map.of("/status", this::statusJson),
                Map.of("/retrain", this::retrainRequest), token);
        this.loop = new Thread(this::runLoop, "chorus-retrain-" + settings.modelName());
    }

    /** Starts the service without an admin token: POST /retrain answers callers on this machine only. */
    public static RetrainingService start(RetrainSettings settings, KafkaClientSettings kafka, String httpHost, int httpPort,
                                          PrometheusRegistry registry) throws IOException {
        return start(settings, kafka, httpHost, httpPort, registry, AdminToken.none());
    }

    /**
     * Starts the service: HTTP endpoint first, then the round loop.
     *
     * @param token what POST /retrain requires (none: loopback callers only)
     */
    public static RetrainingService start(RetrainSettings settings, KafkaClientSettings kafka, String httpHost, int httpPort,
                                          PrometheusRegistry registry, AdminToken token) throws IOException {
        RetrainingService s = new RetrainingService(settings, kafka, httpHost, httpPort, token, registry);
        s.loop.start();
        LOG.info("retraining {}: model directory {}, /metrics /status and POST /retrain on port {}", settings.modelName(),
                s.dir.path(), s.http.port());
        return s;
    }

    public int httpPort() {
        return http.port();
    }

    /** Newest version on the models topic as last seen (0: none yet). */
    public int servingVersion() {
        return servingVersion;
    }

    /** The last round's report (null before the first round of this process). */
    public RoundReport lastReport() {
        return lastReport;
    }

    /** Asks for a round now; false when one is running already (the request is not queued). */
    public boolean requestRound() {
        if (roundInProgress != null) {
            return false;
        }
        demanded = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        return true;
    }

    private OpsHttpServer.Reply retrainRequest() {
        String running = roundInProgress;
        if (running != null || !requestRound()) {
            return new OpsHttpServer.Reply(409, "{\"status\":\"busy\",\"message\":" + OpsHttpServer.quote("round " + running
                    + " is running; one round at a time") + "}");
        }
        return new OpsHttpServer.Reply(202, "{\"status\":\"accepted\",\"message\":\"a round starts now\"}");
    }

    private void markInterruptedRound() throws IOException {
        RoundState state = RoundState.load(round.stateFile());
        if (state.inProgressRoundId() == null) {
            return;
        }
        String id = state.inProgressRoundId();
        LOG.warn("round {} (started {}) did not finish: the process ended mid-round; nothing of it was published. Resuming.", id,
                Instant.ofEpochMilli(state.inProgressSinceMillis()));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("roundId", id);
        report.put("outcome", RoundOutcome.INTERRUPTED);
        report.put("message", "the process ended mid-round; found at the next start");
        report.put("startedAtMillis", state.inProgressSinceMillis());
        ModelDirectory.writeAtomically(dir.path().resolve("rounds").resolve(id).resolve("report.json"),
                RetrainingRound.JSON.writeValueAsBytes(report));
        state.finished(RoundOutcome.INTERRUPTED, null, null, System.currentTimeMillis()).save(round.stateFile());
        metrics.interruptedRoundFound();
        resume = true;
    }

    private void runLoop() {
        try (KafkaConsumer<byte[], byte[]> offsets = new KafkaConsumer<>(kafka.consumer(null, Topics.LABELED_CLIPS),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> clips = partitions(offsets, Topics.LABELED_CLIPS.name());
            List<TopicPartition> models = partitions(offsets, Topics.MODELS.name());
            List<TopicPartition> all = new java.util.ArrayList<>(clips);
            all.addAll(models);
            offsets.assign(all); // read_committed end offsets (last stable offsets) need the partitions assigned
            long modelsEnd = -1;
            while (!stopping) {
                try {
                    long end = offsets.endOffsets(models).values().stream().mapToLong(Long::longValue).sum();
                    if (end != modelsEnd) { // a release (ours or a rollback) landed: refresh the serving model
                        Optional<ModelRelease> champion = ModelLine.read(kafka, settings.modelName()).champion();
                        servingVersion = champion.map(ModelRelease::getVersion).orElse(0);
                        champion.ifPresent(c -> metrics.serving(c.getVersion(), c.getCreatedAt().toEpochMilli()));
                        modelsEnd = end;
                    }
                    RoundState state = RoundState.load(round.stateFile());
                    waitingClips = waiting(offsets.endOffsets(clips), state.lastEndOffsets());
                    metrics.waiting(waitingClips);
                    RoundTrigger trigger = trigger(state);
                    if (trigger != null) {
                        runRound(trigger);
                        continue;
                    }
                } catch (RetrainingRound.CancelledException e) {
                    break;
                } catch (RuntimeException | IOException e) {
                    LOG.warn("retraining loop: {}; trying again in {}", e.toString(), settings.schedule().pollInterval());
                }
                synchronized (monitor) {
                    if (!stopping && !demanded) {
                        monitor.wait(settings.schedule().pollInterval().toMillis());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runRound(RoundTrigger trigger) throws IOException {
        demanded = false;
        resume = false;
        roundInProgress = RoundState.load(round.stateFile()).nextRoundId();
        try {
            lastReport = round.run(trigger);
            if (lastReport.releasedVersion() != null) {
                // The topic's read_committed end moves only once the commit markers are written: do not wait for it.
                servingVersion = Math.max(servingVersion, lastReport.releasedVersion());
            }
        } finally {
            roundInProgress = null;
        }
    }

    /** The trigger that fires now, if any. */
    private RoundTrigger trigger(RoundState state) {
        if (resume) {
            return RoundTrigger.RESUME;
        }
        if (demanded) {
            return RoundTrigger.ON_DEMAND;
        }
        long now = System.currentTimeMillis();
        if (RoundOutcome.FAILED.name().equals(state.lastOutcome())
                && now < state.lastRoundFinishedMillis() + Math.min(FAILURE_BACKOFF.toMillis(), settings.schedule().roundInterval().toMillis())) {
            return null;
        }
        if (servingVersion == 0) {
            return RoundTrigger.BOOTSTRAP;
        }
        if (waitingClips >= settings.schedule().minNewClips()) {
            return RoundTrigger.COUNT;
        }
        return now >= nextScheduledMillis(state) ? RoundTrigger.SCHEDULE : null;
    }

    private long nextScheduledMillis(RoundState state) {
        long last = state.lastRoundStartedMillis() > 0 ? state.lastRoundStartedMillis() : startedMillis;
        return last + settings.schedule().roundInterval().toMillis();
    }

    /** Records on the topic past the offsets the last round read (all of them before any round). */
    static long waiting(Map<TopicPartition, Long> ends, Map<String, Long> lastRound) {
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            n += Math.max(0, e.getValue() - lastRound.getOrDefault(Integer.toString(e.getKey().partition()), 0L));
        }
        return n;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private String statusJson() {
        try {
            RoundState state = RoundState.load(round.stateFile());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("modelName", settings.modelName());
            s.put("servingVersion", servingVersion);
            s.put("roundInProgress", roundInProgress);
            s.put("labeledClipsWaiting", waitingClips);
            s.put("minNewClips", settings.schedule().minNewClips());
            s.put("nextScheduledRound", Instant.ofEpochMilli(nextScheduledMillis(state)).toString());
            s.put("lastRound", state);
            RoundReport last = lastReport;
            if (last != null && last.decision() != null) {
                Map<String, Object> gate = new LinkedHashMap<>();
                gate.put("round", last.roundId());
                gate.put("outcome", last.outcome());
                gate.put("decision", last.decision());
                s.put("lastGate", gate);
            }
            s.put("modelDirectory", dir.path().toAbsolutePath().toString());
            return RetrainingRound.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Stops after the current training step; a round cut short resumes at the next start. */
    @Override
    public void close() {
        stopping = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        try {
            loop.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("could not release {}: {}", dir.path().resolve("trainer.lock"), e.toString());
        }
    }
}
