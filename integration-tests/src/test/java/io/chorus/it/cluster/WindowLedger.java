package io.chorus.it.cluster;

import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import io.chorus.stream.windows.AudioWindow;
import io.chorus.stream.windows.WindowSettings;
import io.chorus.testsupport.kafka.CommittedRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The read_committed checker: follows {@code detections} and {@code alerts} as a downstream
 * consumer would, counts every window id and alert id, and compares the windows with those the
 * committed chunks on {@code audio.chunks} make (by recorder, sequence number and time): each
 * must appear exactly once.
 */
final class WindowLedger implements AutoCloseable {

    /** What a check found. Lists hold at most 10 examples; the counts are complete. */
    record Check(Chunks chunks, Windows windows, Alerts alerts, List<String> examples) {

        record Chunks(int recorders, long count, long gaps) {
        }

        record Windows(long expected, long seen, long missing, long duplicated) {
        }

        record Alerts(long seen, long duplicated) {
        }

        boolean exact() {
            return missing() == 0 && duplicated() == 0 && alertsDuplicated() == 0 && chunkGaps() == 0;
        }

        long missing() {
            return windows.missing();
        }

        long duplicated() {
            return windows.duplicated();
        }

        long windowsExpected() {
            return windows.expected();
        }

        long chunkGaps() {
            return chunks.gaps();
        }

        long alertsDuplicated() {
            return alerts.duplicated();
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d recorders, %d chunks (%d sequence gaps), windows: %d expected, %d seen, "
                            + "%d missing, %d more than once; alerts: %d, %d more than once%s", chunks.recorders(), chunks.count(),
                    chunks.gaps(), windows.expected(), windows.seen(), windows.missing(), windows.duplicated(), alerts.seen(),
                    alerts.duplicated(), examples.isEmpty() ? "" : "; e.g. " + examples);
        }
    }

    private final KafkaClientSettings kafka;
    private final Map<String, Integer> windows = new ConcurrentHashMap<>();
    private final Map<String, Integer> alerts = new ConcurrentHashMap<>();
    private final AtomicLong newestProcessedMillis = new AtomicLong();
    private final List<Thread> readers = new ArrayList<>();
    private final List<KafkaConsumer<?, ?>> consumers = new ArrayList<>();
    private volatile boolean running = true;
    /** Per detection read: when it was scored and when this ledger read it (ms). */
    private final java.util.Queue<long[]> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<Integer, Long> firstOfVersion = new ConcurrentHashMap<>();

    WindowLedger(KafkaClientSettings kafka) {
        this.kafka = kafka;
        follow(Topics.DETECTIONS, d -> {
            windows.merge(d.getWindowId(), 1, Integer::sum);
            long scored = d.getProcessedAt().toEpochMilli();
            newestProcessedMillis.accumulateAndGet(scored, Math::max);
            arrivals.add(new long[] {scored, System.currentTimeMillis()});
            firstOfVersion.putIfAbsent(d.getModelVersion(), System.currentTimeMillis());
        });
        follow(Topics.ALERTS, (SpeciesAlert a) -> alerts.merge(a.getAlertId(), 1, Integer::sum));
    }

    private <V extends SpecificRecord> void follow(TopicSpec<String, V> topic, java.util.function.Consumer<V> each) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(kafka.consumer(null, topic), new StringDeserializer(),
                kafka.valueDeserializer(topic));
        consumers.add(consumer);
        Thread t = new Thread(() -> {
            try {
                List<TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                while (running) {
                    for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                        each.accept(r.value());
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "ledger-" + topic.name());
        t.setDaemon(true);
        t.start();
        readers.add(t);
    }

    /** Wall time (ms) the first detection by model version {@code v} was read, or -1. */
    long firstReadOfVersion(int v) {
        return firstOfVersion.getOrDefault(v, -1L);
    }

    /** Wall time (ms) at which the first window scored after {@code millis} was read, or -1 if none yet. */
    long firstReadScoredAfter(long millis) {
        long first = Long.MAX_VALUE;
        for (long[] a : arrivals) {
            if (a[0] > millis) {
                first = Math.min(first, a[1]);
            }
        }
        return first == Long.MAX_VALUE ? -1 : first;
    }

    long windowsSeen() {
        return windows.size();
    }

    /**
     * Compares what was read with the committed chunks. Windows ending within {@code settle} of a
     * recorder's last chunk are not expected yet (they wait for the watermark, or for audio not sent).
     */
    Check check(Duration settle) {
        WindowSettings w = WindowSettings.defaults();
        Map<String, List<long[]>> chunks = new TreeMap<>(); // recorder -> [seq, startMicros, endMicros]
        for (AudioChunk c : CommittedRecords.readAll(kafka, Topics.AUDIO_CHUNKS)) {
            long start = c.getStartTime().getEpochSecond() * 1_000_000L + c.getStartTime().getNano() / 1000;
            long end = start + Math.round(c.getFrameCount() * 1e6 / c.getSampleRateHz());
            chunks.computeIfAbsent(c.getRecorderId(), k -> new ArrayList<>()).add(new long[] {c.getSequenceNumber(), start, end});
        }
        long chunkCount = 0;
        long gaps = 0;
        long expected = 0;
        long missing = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<long[]>> e : chunks.entrySet()) {
            List<long[]> list = e.getValue();
            list.sort(java.util.Comparator.comparingLong(x -> x[0]));
            chunkCount += list.size();
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i)[0] != list.get(i - 1)[0] + 1 || list.get(i)[1] != list.get(i - 1)[2]) {
                    gaps++;
                    if (examples.size() < 10) {
                        examples.add("chunk gap " + e.getKey() + " after seq " + list.get(i - 1)[0]);
                    }
                }
            }
            long first = list.get(0)[1];
            long last = list.get(list.size() - 1)[2] - settle.toNanos() / 1000;
            for (long s = Math.floorDiv(first + w.hopMicros() - 1, w.hopMicros()) * w.hopMicros(); s + w.windowMicros() <= last;
                 s += w.hopMicros()) {
                expected++;
                if (!windows.containsKey(AudioWindow.idOf(e.getKey(), s))) {
                    missing++;
                    if (examples.size() < 10) {
                        examples.add("missing " + AudioWindow.idOf(e.getKey(), s) + " (" + Instant.ofEpochMilli(s / 1000) + ")");
                    }
                }
            }
        }
        long duplicated = windows.values().stream().filter(n -> n > 1).count();
        windows.forEach((id, n) -> {
            if (n > 1 && examples.size() < 10) {
                examples.add(id + " " + n + " times");
            }
        });
        long alertsDuplicated = alerts.values().stream().filter(n -> n > 1).count();
        return new Check(new Check.Chunks(chunks.size(), chunkCount, gaps), new Check.Windows(expected, windows.size(), missing, duplicated),
                new Check.Alerts(alerts.size(), alertsDuplicated), examples);
    }

    /** Checks until nothing is missing (the job catching up) or the time is up; returns the last check. */
    Check awaitComplete(Duration settle, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Check c = check(settle);
        while (c.missing() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            c = check(settle);
        }
        return c;
    }

    @Override
    public void close() {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : readers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
