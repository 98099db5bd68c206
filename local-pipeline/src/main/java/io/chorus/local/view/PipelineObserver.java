package io.chorus.local.view;

import io.chorus.ingest.publish.SimulatedFleet;
import io.chorus.local.pipeline.BackgroundLoop;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what the pipeline writes — detections, alerts, recorder health, model releases and
 * rejected records — as a {@code read_committed} consumer (what any downstream user sees), and
 * keeps what the console view shows: species heard per site, recent alerts, the serving model and
 * when it changed, detection quality against the fleet's ground truth, windows/s and latency.
 */
public final class PipelineObserver extends BackgroundLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineObserver.class);
    static final Duration HEARD_SPAN = Duration.ofMinutes(5);

    /** One alert as the view lists it. */
    public record AlertLine(Instant raisedAt, String siteId, String species, boolean rare, int positives, int modelVersion) {
    }

    /** A model version and when this observer saw it first. */
    public record VersionSeen(int version, Instant releasedAt, Instant firstDetectionAt, String notes) {
    }

    /**
     * Everything the view needs, copied.
     *
     * @param flow    how many detections arrive, how fast and how late
     * @param quality how the serving model does against the fleet's ground truth
     */
    public record Snapshot(Instant at, Flow flow, Map<String, Map<String, Instant>> heardBySite, List<AlertLine> alerts,
                           List<VersionSeen> versions, Quality quality, Map<String, RecorderHealth> health,
                           Map<String, Long> rejectedByReason) {

        public long detections() {
            return flow.detections();
        }

        public int servingVersion() {
            return quality.servingVersion();
        }
    }

    /**
     * @param latencyP50Seconds read_committed receipt − window end (end to end; meaningful when the fleet plays in real time)
     * @param commitP50Seconds  read_committed receipt − the job's scoring time (checkpoint and commit delay at any speed)
     */
    public record Flow(long detections, double windowsPerSecond, double latencyP50Seconds, double latencyP95Seconds,
                       double commitP50Seconds, double commitP95Seconds) {
    }

    /** Live macro F1 of the serving version over the last windows, and per version over all. */
    public record Quality(int servingVersion, double macroF1, int windows, Map<Integer, Double> macroF1ByVersion,
                          Map<Integer, Integer> windowsByVersion) {
    }

    private final KafkaClientSettings kafka;
    private final SimulatedFleet fleet;
    private final String modelName;
    private final DetectionQuality quality;

    private long detections;
    private final Deque<Long> recentReceipts = new ArrayDeque<>();
    private final Deque<Double> recentLatencies = new ArrayDeque<>();
    private final Deque<Double> recentCommitLatencies = new ArrayDeque<>();
    private final Map<String, Map<String, Instant>> heard = new TreeMap<>();
    private final Deque<AlertLine> alerts = new ArrayDeque<>();
    private final Map<Integer, VersionSeen> versions = new TreeMap<>();
    private int servingVersion;
    private final Map<String, RecorderHealth> health = new TreeMap<>();
    private final Map<String, Long> rejected = new TreeMap<>();

    public PipelineObserver(KafkaClientSettings kafka, SimulatedFleet fleet, String modelName) {
        super("chorus-pipeline-observer");
        this.kafka = kafka;
        this.fleet = fleet;
        this.modelName = modelName;
        this.quality = new DetectionQuality(fleet.species(), 600);
    }

    public PipelineObserver start() {
        startThread();
        return this;
    }

    @Override
    protected void loop() {
        List<TopicSpec<String, ?>> topics = List.of(Topics.DETECTIONS, Topics.ALERTS, Topics.RECORDER_HEALTH, Topics.MODELS,
                Topics.AUDIO_CHUNKS_DLQ);
        Map<String, Deserializer<?>> readers = new java.util.HashMap<>();
        for (TopicSpec<String, ?> t : topics) {
            readers.put(t.name(), kafka.valueDeserializer(castSpec(t)));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumer(null, Topics.MODELS),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec<String, ?> t : topics) {
                consumer.partitionsFor(t.name(), Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        Object value = readers.get(r.topic()).deserialize(r.topic(), r.headers(), r.value());
                        observe(value);
                    } catch (RuntimeException e) {
                        LOG.debug("observer could not read {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("pipeline observer stopped", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> TopicSpec<String, V> castSpec(TopicSpec<String, ?> t) {
        return (TopicSpec<String, V>) t;
    }

    private synchronized void observe(Object value) {
        Instant now = Instant.now();
        if (value instanceof Detection d) {
            detections++;
            recentReceipts.addLast(now.toEpochMilli());
            while (recentReceipts.size() > 1 && recentReceipts.peekFirst() < now.toEpochMilli() - 10_000) {
                recentReceipts.removeFirst();
            }
            recentLatencies.addLast((now.toEpochMilli() - d.getWindowEnd().toEpochMilli()) / 1000.0);
            recentCommitLatencies.addLast((now.toEpochMilli() - d.getProcessedAt().toEpochMilli()) / 1000.0);
            if (recentLatencies.size() > 500) {
                recentLatencies.removeFirst();
                recentCommitLatencies.removeFirst();
            }
            Map<String, Instant> site = heard.computeIfAbsent(d.getSiteId(), s -> new TreeMap<>());
            for (String sp : d.getDetectedSpecies()) {
                site.merge(sp, d.getWindowEnd(), (a, b) -> a.isAfter(b) ? a : b);
            }
            if (d.getModelName().equals(modelName)) {
                versions.computeIfPresent(d.getModelVersion(), (v, seen) -> seen.firstDetectionAt() != null ? seen
                        : new VersionSeen(v, seen.releasedAt(), now, seen.notes()));
                versions.putIfAbsent(d.getModelVersion(), new VersionSeen(d.getModelVersion(), null, now, null));
                servingVersion = Math.max(servingVersion, d.getModelVersion());
            }
            if (fleet.plays(d.getRecorderId(), d.getWindowStart())) {
                Set<String> truth = fleet.speciesIn(d.getRecorderId(), d.getWindowStart(), d.getWindowEnd());
                quality.add(d.getModelVersion(), new HashSet<>(d.getDetectedSpecies()), truth);
            }
        } else if (value instanceof SpeciesAlert a) {
            AlertLine line = new AlertLine(a.getRaisedAt(), a.getSiteId(), a.getSpeciesCode(), a.getRare(), a.getPositiveWindows(),
                    a.getModelVersion());
            alerts.addLast(line);
            if (alerts.size() > 6) {
                alerts.removeFirst();
            }
        } else if (value instanceof ModelRelease m && m.getModelName().equals(modelName)) {
            VersionSeen before = versions.get(m.getVersion());
            versions.put(m.getVersion(), new VersionSeen(m.getVersion(), m.getCreatedAt(),
                    before == null ? null : before.firstDetectionAt(), m.getNotes()));
        } else if (value instanceof RecorderHealth h) {
            health.put(h.getRecorderId(), h);
        } else if (value instanceof RejectedRecord r) {
            rejected.merge(r.getReasonCode(), 1L, Long::sum);
        }
    }

    public synchronized Snapshot snapshot() {
        double[] e2e = percentiles(recentLatencies);
        double[] commit = percentiles(recentCommitLatencies);
        double rate = recentReceipts.size() < 2 ? 0
                : (recentReceipts.size() - 1) / Math.max(1e-3, (recentReceipts.peekLast() - recentReceipts.peekFirst()) / 1000.0);
        Map<String, Map<String, Instant>> heardCopy = new TreeMap<>();
        heard.forEach((site, m) -> heardCopy.put(site, new TreeMap<>(m)));
        return new Snapshot(Instant.now(), new Flow(detections, rate, e2e[0], e2e[1], commit[0], commit[1]), heardCopy,
                List.copyOf(alerts), List.copyOf(versions.values()),
                new Quality(servingVersion, quality.macroF1(), quality.windows(), quality.macroF1ByVersion(), quality.windowsByVersion()),
                new TreeMap<>(health), new TreeMap<>(rejected));
    }

    private static double[] percentiles(Deque<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(Double::compare);
        return v.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                : new double[] {v.get(v.size() / 2), v.get(Math.min(v.size() - 1, (int) (v.size() * 0.95)))};
    }

    public DetectionQuality quality() {
        return quality;
    }
}
