package io.chorus.ingest.benchmark;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.ingest.publish.ChunkPublisher;
import io.chorus.ingest.publish.PublisherMetrics;
import io.chorus.ingest.publish.PublisherSettings;
import io.chorus.ingest.publish.Recording;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.ops.ProgressBar;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publisher throughput against Kafka's own producer performance tool, same embedded broker, same
 * run, same producer settings (acks=all, idempotent, zstd, transactions), same record size (1 s
 * of 22,050 Hz 16-bit mono = 44,100 bytes of PCM). Rounds alternate tool / publisher so drift on a
 * noisy machine hits both.
 */
@Command(name = "publisher-benchmark", mixinStandardHelpOptions = true, showDefaultValues = true)
public final class PublisherBenchmark implements Callable<Integer> {

    static final int RATE = 22_050;
    static final int CHUNK_BYTES = RATE * 2;

    @Option(names = "--chunks", description = "Chunks (= seconds of audio) per round.")
    int chunks = 4_000;
    @Option(names = "--recorders", description = "Recorders the chunks are spread over.")
    int recorders = 100;
    @Option(names = "--rounds", description = "Alternating rounds of each.")
    int rounds = 3;
    @Option(names = "--results", description = "Markdown file the result row is appended to.")
    Path results = Path.of("docs/benchmarks/publisher.md");

    public static void main(String[] args) {
        System.exit(new CommandLine(new PublisherBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("chorus-publisher-bench");
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            try (Admin admin = Admin.create(kafka.admin())) {
                admin.createTopics(List.of(new NewTopic("perf-baseline", Topics.AUDIO_CHUNKS.partitions(), (short) 1)
                        .configs(Topics.AUDIO_CHUNKS.topicConfigs()))).all().get();
            }
            List<Double> tool = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                tool.add(producerPerformance(stack.bootstrapServers(), round));
                ours.add(publisher(kafka, round));
                System.out.printf("round %d: kafka-producer-perf %.1f MB/s, publisher %.1f MB/s%n", round + 1,
                        tool.get(round), ours.get(round));
            }
            double t = tool.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double o = ours.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            String row = String.format(java.util.Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.2f | %.0f | %.0f |",
                    Instant.now().toString().substring(0, 16), chunks, recorders, t, o, o / t, t * 1e6 / CHUNK_BYTES,
                    o * 1e6 / CHUNK_BYTES);
            System.out.println(row);
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(results, row + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        return 0;
    }

    /** MB/s (10^6 bytes of record value) that Kafka's tool reports. */
    double producerPerformance(String bootstrap, int round) throws Exception {
        String[] args = {"--topic", "perf-baseline", "--num-records", Integer.toString(chunks), "--record-size",
                Integer.toString(CHUNK_BYTES), "--throughput", "-1", "--transactional-id", "perf-" + round,
                "--transaction-duration-ms", "100", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all",
                "enable.idempotence=true", "compression.type=zstd", "linger.ms=5", "max.request.size=4194304"};
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            ProducerPerformance.main(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString();
        Matcher m = Pattern.compile("records sent, [\\d.]+ records/sec \\(([\\d.]+) MB/sec\\)").matcher(out);
        double mib = 0;
        while (m.find()) {
            mib = Double.parseDouble(m.group(1)); // the last line is the total
        }
        return mib * 1024 * 1024 / 1e6;
    }

    /** MB/s of PCM payload committed by the publisher. */
    double publisher(KafkaClientSettings kafka, int round) throws Exception {
        Random rng = new Random(round);
        int seconds = chunks / recorders;
        List<Recording> recordings = new ArrayList<>();
        for (int r = 0; r < recorders; r++) {
            float[] x = new float[seconds * RATE];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.3 * rng.nextGaussian());
            }
            recordings.add(new Recording("bench-" + round + "-" + r, "site", Instant.parse("2026-11-20T21:00:00Z"), RATE, x,
                    "benchmark", Map.of()));
        }
        ProgressBar bar = new ProgressBar(System.out, "publisher round " + (round + 1), recorders, "recordings");
        long sent = 0;
        long started;
        try (ChunkPublisher p = new ChunkPublisher(kafka, "bench-publisher-" + round,
                new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 50), new PublisherMetrics(new PrometheusRegistry()))) {
            // Start-up (where each recorder stands) is not throughput: timed apart.
            long lookup = System.nanoTime();
            p.prefetchPositions(recordings.stream().map(Recording::recorderId).toList());
            System.out.printf("resume lookup for %d recorders: %.2f s%n", recorders, (System.nanoTime() - lookup) / 1e9);
            started = System.nanoTime();
            for (int r = 0; r < recordings.size(); r++) {
                sent += p.append(recordings.get(r));
                bar.update(r + 1);
            }
            p.flush();
        }
        double secs = (System.nanoTime() - started) / 1e9;
        return sent * (double) CHUNK_BYTES / secs / 1e6;
    }
}
