package io.chorus.stream.benchmark;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.chorus.audio.pcm.PcmSamples;
import io.chorus.audio.species.SpeciesGroups;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.KeyPartition;
import io.chorus.schemas.topics.Topics;
import io.chorus.stream.inference.InferenceSettings;
import io.chorus.stream.job.Checkpointing;
import io.chorus.stream.job.DetectionJob;
import io.chorus.stream.job.DetectionJobSettings;
import io.chorus.stream.job.JobFixtures;
import io.chorus.stream.job.NewestCheckpoint;
import io.chorus.stream.kafka.KafkaEndpoints;
import io.chorus.stream.review.ReviewSettings;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.kafka.TestProducers;
import io.chorus.testsupport.models.TestReleases;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Kafka in → detections out on this machine: N recorders stream 1 s chunks in real time into an
 * embedded broker, the detection job runs on a local MiniCluster in the same JVM, and a
 * read_committed consumer times each detection from the end of its window. The model's own
 * CNN-only throughput (front end + network, no Kafka, no Flink) is measured first in the same run
 * as the ceiling. One configuration per run; the process's peak RSS is part of the result.
 */
@Command(name = "detection-benchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Sustained recorders, latency and peak RSS of the detection job.")
public final class DetectionBenchmark implements Callable<Integer> {

    @Option(names = "--recorders", description = "Recorders streaming in real time (one window per second each).")
    int recorders = 200;
    @Option(names = "--architecture", description = "Network, e.g. mobilenetv3-small-1.0 or mobilenetv3-large-1.0.")
    String architecture = "mobilenetv3-small-1.0";
    @Option(names = "--n-mels", description = "Mel bands of the model's front end (the recipe: 128).")
    int nMels = 128;
    @Option(names = "--hop", description = "STFT hop of the model's front end in samples (the recipe: 128).")
    int hop = 128;
    @Option(names = "--sample-rate", description = "Recorder sample rate in Hz (16-bit mono).")
    int sampleRate = 22_050;
    @Option(names = "--warmup-seconds", description = "Seconds before measuring (the job starts and catches up with the first chunks).")
    int warmupSeconds = 150;
    @Option(names = "--measure-seconds", description = "Seconds measured.")
    int measureSeconds = 60;
    @Option(names = "--parallelism", description = "Job parallelism.")
    int parallelism = 2;
    @Option(names = "--workers", description = "Inference worker threads.")
    int workers = 2;
    @Option(names = "--max-batch", description = "Most windows per forward pass.")
    int maxBatch = InferenceSettings.defaults().maxBatch();
    @Option(names = "--in-flight", description = "Windows each async inference instance may have outstanding.")
    int inFlight = DetectionJobSettings.Scoring.defaults().inFlightPerInstance();
    @Option(names = "--checkpoint-ms", description = "Checkpoint interval (outputs become visible at checkpoints).")
    long checkpointMillis = Checkpointing.DEFAULT_INTERVAL.toMillis();
    @Option(names = "--checkpoint-min-pause-ms", description = "Least time from the end of one checkpoint to the start of the next (the job's default).")
    long checkpointMinPauseMillis = Checkpointing.DEFAULT_MIN_PAUSE.toMillis();
    @Option(names = "--checkpoint-compression", negatable = true, defaultValue = "" + Checkpointing.DEFAULT_COMPRESSED, fallbackValue = "true",
            description = "Snappy-compress keyed state in checkpoints (the job's default; --no-checkpoint-compression: plain). Default: ${DEFAULT-VALUE}")
    boolean checkpointCompression = Checkpointing.DEFAULT_COMPRESSED;
    @Option(names = "--flink", description = "Extra Flink configuration for the job, KEY=VALUE, repeatable (e.g. "
            + "execution.checkpointing.unaligned.enabled=true).")
    java.util.Map<String, String> flink = new java.util.LinkedHashMap<>();
    @Option(names = "--restart-at-seconds", description = "Seconds after the fleet starts to stop the job with a savepoint and start it"
            + " again from it, as an upgrade does, while the fleet keeps sending; the row then also gives the catch-up after the"
            + " restart. 0: no restart.")
    int restartAtSeconds = 0;
    @Option(names = "--ceiling-only", description = "Measure only the CNN-only ceiling.")
    boolean ceilingOnly;
    @Option(names = "--components", description = "Measure only where one window's time goes (one thread): resampling, front end, network.")
    boolean components;
    @Option(names = "--background-score", description = "Make the network score every window about this for every species"
            + " (its head's weights scaled to 0, the bias set): e.g. 0.05, a trained model on background audio, whose windows are"
            + " neither detections nor review candidates; 0.5, every window an uncertain review candidate. Unset: scores as the"
            + " random initialisation draws them (mostly inside the review band).")
    Float backgroundScore;
    @Option(names = "--results", description = "Markdown file the result row is appended to.")
    Path results = Path.of("docs/benchmarks/detection-job.md");

    public static void main(String[] args) {
        System.exit(new CommandLine(new DetectionBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // The broker's log and the checkpoints of one run take ~3 GB at 200 recorders: removed after the run.
        Path dir = Files.createTempDirectory("chorus-bench");
        try {
            return run(dir);
        } finally {
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    int run(Path dir) throws Exception {
        List<String> labels = SpeciesGroups.ANURASET_SPECIES;
        ModelArtifact model = model(labels);
        if (components) {
            componentBreakdown(model, 6);
            return 0;
        }
        double ceiling = cnnWindowsPerSecond(model, 8);
        System.out.printf("ceiling: %s CNN-only %.0f windows/s (%d workers, batch %d, 16 kHz model input from %d Hz)%n",
                architecture, ceiling, workers, maxBatch, sampleRate);
        if (ceilingOnly) {
            System.out.printf("peak RSS %d MB%n", peakRssMb());
            return 0;
        }
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            try (KafkaProducer<String, ModelRelease> p = TestProducers.producer(kafka, Topics.MODELS)) {
                TestProducers.send(p, Topics.MODELS, "bench", TestReleases.release("bench", 1, model));
            }
            AtomicReference<JobClient> job = new AtomicReference<>(startJob(kafka, dir, null));
            awaitFirstDetection(kafka);
            AtomicBoolean running = new AtomicBoolean(true);
            long t0 = (System.currentTimeMillis() / 1000 + 1) * 1000;
            Thread publisher = new Thread(() -> publish(kafka, t0, running), "bench-publisher");
            publisher.start();
            AtomicLong restartedAt = new AtomicLong();
            AtomicReference<Exception> restartFailure = new AtomicReference<>();
            Thread restarter = restartAtSeconds > 0 ? new Thread(() -> {
                try {
                    restart(kafka, dir, t0, job, restartedAt);
                } catch (Exception e) {
                    restartFailure.set(e);
                }
            }, "bench-restart") : null;
            if (restarter != null) {
                restarter.start();
            }
            long measureFrom = t0 + warmupSeconds * 1000L;
            CheckpointSizes checkpoints = CheckpointSizes.sample(dir.resolve("checkpoints"), measureFrom, measureFrom + measureSeconds * 1000L);
            Result r = consume(kafka, t0, running, restartedAt);
            running.set(false);
            publisher.join();
            checkpoints.stop();
            if (restarter != null) {
                restarter.join();
                if (restartFailure.get() != null) {
                    throw new IllegalStateException("the restart failed, so the run measured nothing worth a row: "
                            + restartFailure.get().getMessage(), restartFailure.get());
                }
            }
            job.get().cancel().get();
            System.out.println("[checkpoints] measured minute: " + checkpoints.summary());
            long rssMb = peakRssMb();
            String row = String.format(java.util.Locale.ROOT,
                    "| %s | %s %dx%d | batch %d, in flight %d, checkpoints %d ms + pause %d ms%s%s (%s)%s | %d | %.1f | %.0f | %.0f%% | %d | %d | %d | %s | %d | %.0f | %.2f | %s |",
                    Instant.now().toString().substring(0, 16), architecture, nMels, model.manifest().features().frames(), maxBatch,
                    inFlight, checkpointMillis, checkpointMinPauseMillis, checkpointCompression ? ", compressed" : "",
                    backgroundScore == null ? "" : ", scores " + backgroundScore,
                    String.format(java.util.Locale.ROOT, "review candidates %.0f%%; ", 100 * r.reviewCandidateShare) + checkpoints.summary(), flink.isEmpty() ? "" : ", " + flink, recorders, r.windowsPerSecond, r.receivedPerSecond, 100 * r.windowsPerSecond / recorders, r.p50, r.p99, r.max,
                    catchUp(r), rssMb, ceiling, recorders / ceiling,
                    r.windowsPerSecond >= 0.98 * recorders && r.p99 <= 2000 ? "yes" : "no");
            System.out.println(row);
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(results, row + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        return 0;
    }

    ModelArtifact model(List<String> labels) {
        FeatureConfig d = FeatureConfig.defaults();
        FeatureConfig f = new FeatureConfig(d.sampleRateHz(), d.windowSeconds(), d.windowHopSeconds(), d.nFft(), hop, nMels,
                d.fMinHz(), d.fMaxHz());
        ModelManifest description = new ModelManifest(null, null, labels, List.of(), Map.of(), f, Map.of(), Map.of("set", "benchmark"),
                Instant.now().toString(), null);
        ModelArtifact untrained = ModelArtifact.untrained(Architecture.parse(architecture), description);
        if (backgroundScore == null) {
            return untrained;
        }
        if (!(backgroundScore > 0 && backgroundScore < 1)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--background-score must lie in (0, 1), got " + backgroundScore);
        }
        // Same arithmetic per window (the head still multiplies), constant scores.
        float bias = (float) Math.log(backgroundScore / (1 - backgroundScore));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MobileNetV3 net = untrained.instantiate(m);
            net.getParameters().forEach(p -> {
                if (p.getKey().contains("head")) {
                    ai.djl.ndarray.NDArray a = p.getValue().getArray();
                    a.muli(0);
                    if (p.getKey().endsWith("bias")) {
                        a.addi(bias);
                    }
                }
            });
            return ModelArtifact.capture(net, description);
        }
    }

    /** Windows/s of resampling + front end + network alone, {@link #workers} threads, batch {@link #maxBatch}. */
    double cnnWindowsPerSecond(ModelArtifact model, int seconds) throws Exception {
        float[] window = JobFixtures.recorderAudio(1, 3.0);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long[] counts = new long[workers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int index = w;
            Thread t = new Thread(() -> {
                try (WindowClassifier c = new WindowClassifier(model, Device.cpu())) {
                    List<float[]> batch = new ArrayList<>();
                    for (int i = 0; i < maxBatch; i++) {
                        batch.add(Resampler.toModelWindow(window, sampleRate, c.features()));
                    }
                    c.scores(batch); // warm up
                    while (System.nanoTime() < deadline) {
                        List<float[]> inputs = new ArrayList<>();
                        for (int i = 0; i < maxBatch; i++) {
                            inputs.add(Resampler.toModelWindow(window, sampleRate, c.features()));
                        }
                        c.scores(inputs);
                        counts[index] += maxBatch;
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        long started = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        return Arrays.stream(counts).sum() / ((System.nanoTime() - started) / 1e9);
    }

    /** Milliseconds per window of each stage on one thread, batch {@link #maxBatch}. */
    void componentBreakdown(ModelArtifact model, int seconds) {
        FeatureConfig f = model.manifest().features();
        float[] window = JobFixtures.recorderAudio(1, 3.0);
        float[] next = JobFixtures.recorderAudio(1, 4.0);
        float[] previous = Arrays.copyOfRange(next, 0, window.length);
        float[] shifted = Arrays.copyOfRange(next, sampleRate, sampleRate + window.length);
        io.chorus.model.features.Resampler r = Resampler.between(sampleRate, f.sampleRateHz());
        float[] resampled = Resampler.fitToWindow(r.apply(window), f);
        float[] previousOut = r.apply(previous);
        double fullMs = timeMs(seconds, () -> r.apply(window));
        double reusedMs = timeMs(seconds, () -> r.applyAfter(shifted, previous, previousOut, sampleRate));
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             io.chorus.model.features.LogMelFrontEnd front = new io.chorus.model.features.LogMelFrontEnd(f, m)) {
            MobileNetV3 net = model.instantiate(m);
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(m, false);
            float[] batch = new float[maxBatch * f.windowSamples()];
            for (int i = 0; i < maxBatch; i++) {
                System.arraycopy(resampled, 0, batch, i * f.windowSamples(), f.windowSamples());
            }
            double frontMs = timeMs(seconds, () -> {
                try (NDManager s = m.newSubManager()) {
                    front.apply(s.create(batch, new Shape(maxBatch, f.windowSamples()))).toFloatArray();
                }
                return null;
            }) / maxBatch;
            float[] input;
            try (NDManager s = m.newSubManager()) {
                input = front.apply(s.create(batch, new Shape(maxBatch, f.windowSamples()))).toFloatArray();
            }
            double netMs = timeMs(seconds, () -> {
                try (NDManager s = m.newSubManager()) {
                    net.forward(ps, new ai.djl.ndarray.NDList(s.create(input, new Shape(maxBatch, 1, f.nMels(), f.frames()))), false)
                            .singletonOrThrow().toFloatArray();
                }
                return null;
            }) / maxBatch;
            double wholeMs;
            double reusingMs;
            // Front end + network the way the job calls it: every window whole, or reusing the frames of
            // the recorder's windows 1 s and 2 s before (each batch holds 8 recorders' next windows).
            try (WindowClassifier c = new WindowClassifier(model, Device.cpu())) {
                Resampler r16 = Resampler.between(sampleRate, f.sampleRateHz());
                float[] stream = JobFixtures.recorderAudio(3, 6.0);
                float[][] windows = new float[4][];
                for (int k = 0; k < 4; k++) {
                    windows[k] = Resampler.fitToWindow(r16.apply(Arrays.copyOfRange(stream, k * sampleRate, (k + 3) * sampleRate)), f);
                }
                List<float[]> whole = new ArrayList<>();
                for (int i = 0; i < maxBatch; i++) {
                    whole.add(windows[3]);
                }
                WindowClassifier.WindowFrames back2 = c.scoresReusing(List.of(new WindowClassifier.Request(windows[1], List.of()))).frames()[0];
                WindowClassifier.WindowFrames back1 = c.scoresReusing(List.of(new WindowClassifier.Request(windows[2], List.of()))).frames()[0];
                List<WindowClassifier.Request> reusing = new ArrayList<>();
                for (int i = 0; i < maxBatch; i++) {
                    reusing.add(new WindowClassifier.Request(windows[3], List.of(new WindowClassifier.Earlier(back1, f.sampleRateHz()),
                            new WindowClassifier.Earlier(back2, 2 * f.sampleRateHz()))));
                }
                wholeMs = timeMs(seconds, () -> c.scores(whole)) / maxBatch;
                reusingMs = timeMs(seconds, () -> c.scoresReusing(reusing)) / maxBatch;
            }
            System.out.printf(java.util.Locale.ROOT, "components (ms per window, 1 thread, batch %d, %s %dx%d, %d Hz in):%n"
                            + "  resample 3 s, whole window   %.2f%n  resample, reusing the overlap %.2f%n"
                            + "  log-mel front end             %.2f%n  network                       %.2f%n"
                            + "  front end + network, whole windows           %.2f%n"
                            + "  front end + network, reusing earlier frames  %.2f%n",
                    maxBatch, architecture, f.nMels(), f.frames(), sampleRate, fullMs, reusedMs, frontMs, netMs, wholeMs, reusingMs);
        }
    }

    private static double timeMs(int seconds, Callable<Object> work) {
        try {
            for (int i = 0; i < 5; i++) {
                work.call();
            }
            long n = 0;
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                work.call();
                n++;
            }
            return (System.nanoTime() - start) / 1e6 / n;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String catchUp(Result r) {
        String first = r.catchUpSeconds < 0 ? "not in run" : r.catchUpSeconds + " s";
        if (r.restartCatchUpSeconds == Long.MIN_VALUE) {
            return first;
        }
        return first + "; after the restart " + (r.restartCatchUpSeconds < 0 ? "not in run" : r.restartCatchUpSeconds + " s");
    }

    /**
     * Sizes of the job's completed checkpoints in a time span, sampled once a second from the
     * checkpoint directory (the newest {@code chk-N} with its {@code _metadata}; a full heap snapshot
     * keeps each checkpoint's state files in its own directory).
     */
    static final class CheckpointSizes {
        private final List<Long> bytes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread sampler;

        static CheckpointSizes sample(Path root, long fromMillis, long toMillis) {
            CheckpointSizes sizes = new CheckpointSizes();
            sizes.sampler = new Thread(() -> {
                String last = "";
                while (sizes.running.get()) {
                    long now = System.currentTimeMillis();
                    if (now >= fromMillis && now < toMillis) {
                        Path newest = newest(root);
                        if (newest != null && !newest.toString().equals(last)) {
                            last = newest.toString();
                            sizes.bytes.add(directoryBytes(newest));
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-checkpoint-sizes");
            sizes.sampler.setDaemon(true);
            sizes.sampler.start();
            return sizes;
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.interrupt();
            sampler.join();
        }

        /** Mean and largest size in MB, and how many checkpoints were seen. */
        String summary() {
            if (bytes.isEmpty()) {
                return "no completed checkpoint seen";
            }
            return String.format(java.util.Locale.ROOT, "%d seen, mean %.1f MB, largest %.1f MB", bytes.size(),
                    bytes.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6,
                    bytes.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
        }

        private static Path newest(Path root) {
            try {
                return NewestCheckpoint.in(root).orElse(null);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return null; // a checkpoint removed while listed: the next sample sees the next one
            }
        }

        private static long directoryBytes(Path dir) {
            try (var files = Files.list(dir)) {
                return files.mapToLong(f -> f.toFile().length()).sum();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return 0;
            }
        }
    }

    /** Stops the job with a savepoint at {@link #restartAtSeconds} and starts it again from it; the fleet keeps sending. */
    void restart(KafkaClientSettings kafka, Path dir, long t0, AtomicReference<JobClient> job,
                 AtomicLong restartedAt) throws Exception {
        Thread.sleep(Math.max(0, t0 + restartAtSeconds * 1000L - System.currentTimeMillis()));
        long stopping = System.currentTimeMillis();
        restartedAt.set(stopping);
        String savepoint = job.get().stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        long stopped = System.currentTimeMillis();
        job.set(startJob(kafka, dir, savepoint));
        System.out.printf("[restart] stopped with a savepoint in %d ms (%s), started again in %d ms%n", stopped - stopping,
                savepoint, System.currentTimeMillis() - stopped);
    }

    /** @param restoreFrom a savepoint to start from, or null for a fresh start */
    JobClient startJob(KafkaClientSettings kafka, Path dir, String restoreFrom) throws Exception {
        Configuration conf = new Configuration();
        if (restoreFrom != null) {
            conf.setString("execution.state-recovery.path", restoreFrom);
        }
        conf.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.setString("state.backend.type", "hashmap");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        flink.forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        new Checkpointing(Duration.ofMillis(checkpointMillis), Duration.ofMillis(checkpointMinPauseMillis), checkpointCompression)
                .applyTo(env);
        DetectionJobSettings d = DetectionJobSettings.defaults().withModelName("bench")
                .withInference(new InferenceSettings(maxBatch, 50, workers, "cpu", 1)).withInFlightPerInstance(inFlight);
        KafkaEndpoints endpoints = new KafkaEndpoints(kafka, "bench", "bench");
        DetectionJob.build(env, endpoints.sources(), endpoints.sinks(), d);
        return env.executeAsync("detection-benchmark");
    }

    /**
     * The fleet starts once the job runs and has scored a probe recorder's first window, so the
     * measurement is not about catching up with a backlog built while Flink and the model started.
     */
    void awaitFirstDetection(KafkaClientSettings kafka) {
        long start = System.currentTimeMillis() - 10_000;
        float[] probe = JobFixtures.recorderAudio(9, 4);
        try (KafkaProducer<String, AudioChunk> p = TestProducers.producer(kafka, Topics.AUDIO_CHUNKS)) {
            for (int s = 0; s < 4; s++) {
                AudioChunk c = JobFixtures.chunk("probe", "probe-site", s, (start + s * 1000L) * 1000, probe, s * 22_050, 22_050);
                c.setSampleRateHz(22_050);
                TestProducers.send(p, Topics.AUDIO_CHUNKS, "probe", c);
            }
        }
        List<Detection> first = CommittedRecords.await(kafka, Topics.DETECTIONS, d -> true, 1, Duration.ofSeconds(120));
        System.out.printf("job is scoring (%d probe detection(s)); starting %d recorders%n", first.size(), recorders);
    }

    /** Each recorder sends the chunk for [t, t+1 s) at wall time t+1 s, like a real recorder. */
    void publish(KafkaClientSettings kafka, long t0, AtomicBoolean running) {
        int frames = sampleRate;
        Random rng = new Random(5);
        byte[][] payloads = new byte[8][];
        for (int i = 0; i < payloads.length; i++) {
            float[] x = new float[frames];
            for (int j = 0; j < frames; j++) {
                x[j] = (float) (0.05 * rng.nextGaussian());
            }
            payloads[i] = PcmSamples.encode16(x);
        }
        try (KafkaProducer<String, AudioChunk> p = new KafkaProducer<>(kafka.producer("bench", Topics.AUDIO_CHUNKS),
                new StringSerializer(), kafka.valueSerializer(Topics.AUDIO_CHUNKS))) {
            for (long seq = 0; running.get(); seq++) {
                long due = t0 + (seq + 1) * 1000;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                for (int r = 0; r < recorders; r++) {
                    String id = recorderId(r);
                    AudioChunk c = AudioChunk.newBuilder().setRecorderId(id).setSiteId("site-" + r % 20).setSequenceNumber(seq)
                            .setStartTime(Instant.ofEpochMilli(t0 + seq * 1000)).setSampleRateHz(sampleRate).setChannels(1)
                            .setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(frames)
                            .setData(ByteBuffer.wrap(payloads[(int) ((seq + r) % payloads.length)]))
                            .setSource("benchmark").setSourceOffsetSeconds(null)
                            .setPublishedAt(Instant.now()).setAttributes(Map.of()).build();
                    p.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS.name(), id, c));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param catchUpSeconds        from the fleet's start until every later 5 s report had p99 <= 2 s (-1: never)
     * @param restartCatchUpSeconds the same from the restart's start (-1: never; Long.MIN_VALUE: no restart)
     */
    record Result(double windowsPerSecond, double receivedPerSecond, long p50, long p99, long max, long catchUpSeconds,
                  long restartCatchUpSeconds, double reviewCandidateShare) {
    }

    /** The fleet's recorder r, as the publisher names it and the lagging report looks it up. */
    static String recorderId(int r) {
        return "bench-" + r;
    }

    /** CPU time of this whole process (broker, publisher, job, reader), in ns. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Whether the job's review sampling would take the window as uncertain (the benchmark's model flags no rare species). */
    static boolean uncertain(Detection d, ReviewSettings review) {
        float best = 0;
        for (var s : d.getScores()) {
            best = Math.max(best, s.getScore());
        }
        return review.uncertain(best);
    }

    Result consume(KafkaClientSettings kafka, long t0, AtomicBoolean running, AtomicLong restartedAt) {
        long measureFrom = t0 + warmupSeconds * 1000L;
        long measureTo = measureFrom + measureSeconds * 1000L;
        List<Long> latencies = new ArrayList<>();
        List<Long> recent = new ArrayList<>();
        try (KafkaConsumer<String, Detection> c = new KafkaConsumer<>(kafka.consumer("bench-reader-" + t0, Topics.DETECTIONS),
                new StringDeserializer(), kafka.valueDeserializer(Topics.DETECTIONS))) {
            c.subscribe(List.of(Topics.DETECTIONS.name()));
            long nextReport = System.currentTimeMillis() + 5000;
            long lastSlowReport = t0;
            long received = 0;
            boolean lastWasSlow = true;
            long catchUpBeforeRestart = Long.MIN_VALUE;
            long reviewCandidates = 0;
            java.util.Map<String, Long> newestEnd = new java.util.HashMap<>();
            ReviewSettings review = ReviewSettings.defaults();
            long cpuAtFrom = -1;
            long cpuAtTo = -1;
            while (System.currentTimeMillis() < measureTo + 3000) {
                long polledAt = System.currentTimeMillis();
                if (cpuAtFrom < 0 && polledAt >= measureFrom) {
                    cpuAtFrom = processCpuNanos();
                }
                if (cpuAtTo < 0 && polledAt >= measureTo) {
                    cpuAtTo = processCpuNanos();
                }
                for (ConsumerRecord<String, Detection> rec : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    if (rec.value().getRecorderId().equals("probe")) {
                        continue;
                    }
                    long end = rec.value().getWindowEnd().toEpochMilli();
                    newestEnd.merge(rec.value().getRecorderId(), end, Math::max);
                    if (end >= measureFrom && end < measureTo) {
                        latencies.add(now - end);
                        if (uncertain(rec.value(), review)) {
                            reviewCandidates++;
                        }
                    }
                    recent.add(now - end);
                    if (now >= measureFrom && now < measureTo) {
                        received++;
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextReport) {
                    nextReport += 5000;
                    long done = Math.max(0, Math.min(now, measureTo) - measureFrom);
                    System.out.printf("[%s] %d recorders, measured %d/%d s, %d detections (%.0f/s), last 5 s: p50 %d ms,"
                                    + " p99 %d ms, ETA %d s%n",
                            now < measureFrom ? "warm-up" : "measure", recorders, done / 1000, measureSeconds, latencies.size(),
                            recent.size() / 5.0, percentile(recent, 0.5), percentile(recent, 0.99),
                            Math.max(0, (measureTo + 3000 - now) / 1000));
                    long p99 = percentile(recent, 0.99);
                    if (restartedAt.get() != 0 && catchUpBeforeRestart == Long.MIN_VALUE) {
                        catchUpBeforeRestart = caughtUpAfter(lastWasSlow, lastSlowReport, t0);
                    }
                    lastWasSlow = recent.isEmpty() || p99 > 2000;
                    if (lastWasSlow) {
                        lastSlowReport = now;
                    }
                    recent.clear();
                }
            }
            System.out.println("[lagging] " + lagging(newestEnd, measureTo));
            // CPU per processed window is the capacity measure least moved by other tenants of the machine.
            double cpuSeconds = (cpuAtTo - cpuAtFrom) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "[cpu] measured minute: the process used %.2f cores, %.2f ms of CPU per detection received%n",
                    cpuSeconds / measureSeconds, received == 0 ? Double.NaN : 1000 * cpuSeconds / received);
            long restart = restartedAt.get();
            long catchUp = restart != 0 && catchUpBeforeRestart != Long.MIN_VALUE ? catchUpBeforeRestart
                    : caughtUpAfter(lastWasSlow, lastSlowReport, t0);
            long afterRestart = restart == 0 ? Long.MIN_VALUE : caughtUpAfter(lastWasSlow, lastSlowReport, restart);
            return new Result(latencies.size() / (double) measureSeconds, received / (double) measureSeconds, percentile(latencies, 0.5),
                    percentile(latencies, 0.99), latencies.stream().mapToLong(Long::longValue).max().orElse(-1), catchUp, afterRestart,
                    latencies.isEmpty() ? 0 : reviewCandidates / (double) latencies.size());
        }
    }

    /**
     * Recorders whose newest received window ended more than 10 s before the measured minute's end,
     * counted by the audio.chunks partition and the job subtask (key group) they land on: under
     * overload, shows whether the delay is spread over all recorders or piles up on some.
     */
    String lagging(java.util.Map<String, Long> newestEnd, long measureTo) {
        int partitions = Topics.AUDIO_CHUNKS.partitions();
        int[] byPartition = new int[partitions];
        int[] bySubtask = new int[parallelism];
        int[] allBySubtask = new int[parallelism];
        int count = 0;
        for (int r = 0; r < recorders; r++) {
            String id = recorderId(r);
            int subtask = org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(id,
                    org.apache.flink.runtime.state.KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism), parallelism);
            allBySubtask[subtask]++;
            if (newestEnd.getOrDefault(id, 0L) < measureTo - 10_000) {
                count++;
                byPartition[KeyPartition.of(id, partitions)]++;
                bySubtask[subtask]++;
            }
        }
        return String.format("%d of %d recorders more than 10 s behind at the end; by audio.chunks partition %s; by job subtask %s"
                + " (all recorders by subtask %s)", count, recorders, Arrays.toString(byPartition), Arrays.toString(bySubtask),
                Arrays.toString(allBySubtask));
    }

    /** Seconds from {@code fromMillis} to the last slow 5-s report, or -1 while the latest report is still slow. */
    static long caughtUpAfter(boolean latestWasSlow, long lastSlowReportMillis, long fromMillis) {
        return latestWasSlow ? -1 : Math.max(0, (lastSlowReportMillis - fromMillis) / 1000);
    }

    static long percentile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
