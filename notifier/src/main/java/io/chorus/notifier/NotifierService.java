package io.chorus.notifier;

import io.chorus.audio.species.SpeciesNames;
import io.chorus.notifier.delivery.CommitTracker;
import io.chorus.notifier.delivery.DeliveryLog;
import io.chorus.notifier.delivery.NotifierMetrics;
import io.chorus.notifier.delivery.SubscriptionWorker;
import io.chorus.notifier.subscription.Subscription;
import io.chorus.notifier.subscription.SubscriptionsFile;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code alerts} (read_committed) and hands each alert to the worker of every subscription
 * that wants it; commits an alert's offset only when all of them are finished with it
 * (at-least-once per subscription; receivers de-duplicate by the alert id). The subscriptions
 * file is re-read when it changes; a file with problems is refused and the previous set keeps
 * serving. A record that cannot be read is logged with its partition and offset, counted and
 * skipped.
 */
public final class NotifierService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierService.class);

    private final NotifierSettings settings;
    private final KafkaClientSettings kafka;
    private final NotifierMetrics metrics;
    private final DeliveryLog log;
    private final Clock clock = Clock.systemUTC();
    private final SpeciesNames names = SpeciesNames.bundled();
    private final CommitTracker tracker = new CommitTracker();
    private volatile Map<String, SubscriptionWorker> workers = Map.of();
    private final List<SubscriptionWorker> retired = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile boolean commitOnStop = true;
    private FileTime loadedAt;

    private NotifierService(NotifierSettings settings, KafkaClientSettings kafka, PrometheusRegistry registry) {
        this.settings = settings;
        this.kafka = kafka;
        this.metrics = new NotifierMetrics(registry);
        this.log = new DeliveryLog(kafka, settings.groupId() + "-audit", clock, metrics);
        this.loop = new Thread(this::run, "chorus-notifier");
    }

    /**
     * Loads the subscriptions (refusing to start on a bad file, every problem named) and starts.
     *
     * @throws SubscriptionsFile.InvalidSubscriptionsException listing the file's problems
     */
    public static NotifierService start(NotifierSettings settings, KafkaClientSettings kafka, PrometheusRegistry registry) {
        List<Subscription> initial = SubscriptionsFile.load(settings.subscriptionsFile());
        NotifierService s = new NotifierService(settings, kafka, registry);
        s.apply(initial);
        s.loadedAt = s.modified();
        s.loop.start();
        LOG.info("notifier: {} subscriptions from {}", initial.size(), settings.subscriptionsFile());
        return s;
    }

    private void apply(List<Subscription> subscriptions) {
        Map<String, SubscriptionWorker> next = new LinkedHashMap<>();
        Map<String, SubscriptionWorker> old = workers;
        for (Subscription s : subscriptions) {
            SubscriptionWorker same = old.get(s.id());
            if (same != null && same.subscription().equals(s)) {
                next.put(s.id(), same);
            } else {
                SubscriptionWorker w = new SubscriptionWorker(s, settings, log, metrics, names, clock);
                if (same != null) {
                    w.inherit(same);
                }
                next.put(s.id(), w);
            }
        }
        old.forEach((id, w) -> {
            if (next.get(id) != w) {
                synchronized (retired) {
                    retired.add(w); // finishes what it holds, then closes (closeIdleRetired)
                }
            }
        });
        workers = Map.copyOf(next);
        metrics.subscriptions(next.size());
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(settings.subscriptionsFile());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void reloadIfChanged() {
        FileTime m = modified();
        if (m == null || m.equals(loadedAt)) {
            return;
        }
        loadedAt = m;
        try {
            List<Subscription> s = SubscriptionsFile.load(settings.subscriptionsFile());
            apply(s);
            metrics.reload(true);
            LOG.info("notifier: subscriptions reloaded, {} serving", s.size());
        } catch (IllegalArgumentException e) {
            metrics.reload(false);
            LOG.error("notifier: the changed subscriptions file is refused; the previous {} keep serving. {}", workers.size(), e.getMessage());
        }
    }

    private void run() {
        try (KafkaConsumer<String, SpeciesAlert> consumer = new KafkaConsumer<>(kafka.consumer(settings.groupId(), Topics.ALERTS),
                new StringDeserializer(), kafka.valueDeserializer(Topics.ALERTS))) {
            consumer.subscribe(List.of(Topics.ALERTS.name()));
            long lastCommit = System.nanoTime();
            long lastReload = System.nanoTime();
            while (running) {
                try {
                    for (ConsumerRecord<String, SpeciesAlert> r : consumer.poll(Duration.ofMillis(200))) {
                        dispatch(new TopicPartition(r.topic(), r.partition()), r.offset(), r.value());
                    }
                } catch (RecordDeserializationException e) {
                    metrics.unreadable();
                    LOG.error("notifier: alerts record at {} offset {} cannot be read ({}); skipped", e.topicPartition(), e.offset(),
                            e.getMessage());
                    tracker.add(e.topicPartition(), e.offset(), 0);
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                if (System.nanoTime() - lastCommit > settings.commitInterval().toNanos()) {
                    commit(consumer);
                    lastCommit = System.nanoTime();
                }
                if (System.nanoTime() - lastReload > settings.reloadInterval().toNanos()) {
                    reloadIfChanged();
                    closeIdleRetired();
                    lastReload = System.nanoTime();
                }
            }
            if (commitOnStop) {
                commit(consumer);
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("notifier stopped", e);
        }
    }

    /** Workers of replaced or removed subscriptions, closed once they have finished what they held. */
    private void closeIdleRetired() {
        synchronized (retired) {
            retired.removeIf(w -> {
                if (w.idle()) {
                    w.close();
                    return true;
                }
                return false;
            });
        }
    }

    private void dispatch(TopicPartition tp, long offset, SpeciesAlert alert) {
        List<SubscriptionWorker> matching = new ArrayList<>();
        if (alert != null) {
            for (SubscriptionWorker w : workers.values()) {
                if (w.subscription().filter().wants(alert)) {
                    matching.add(w);
                }
            }
        }
        tracker.add(tp, offset, matching.size());
        for (SubscriptionWorker w : matching) {
            w.submit(alert, () -> tracker.done(tp, offset));
        }
    }

    private void commit(KafkaConsumer<String, SpeciesAlert> consumer) {
        var offsets = tracker.committable();
        offsets.keySet().retainAll(consumer.assignment());
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /** The latest delivery outcomes, newest first (the local run's view). */
    public List<String> recentDeliveries() {
        return log.recent();
    }

    public Map<String, SubscriptionWorker> workers() {
        return workers;
    }

    /** Stops as a crash would: nothing more is committed, so what was in flight is delivered again on the next start. */
    public void halt() {
        commitOnStop = false;
        stop();
    }

    private void stop() {
        running = false;
        try {
            loop.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.values().forEach(SubscriptionWorker::close);
        synchronized (retired) {
            retired.forEach(SubscriptionWorker::close);
        }
        log.close();
    }

    /** Stops: commits what is finished; alerts still queued are delivered again on the next start. */
    @Override
    public void close() {
        stop();
    }
}
