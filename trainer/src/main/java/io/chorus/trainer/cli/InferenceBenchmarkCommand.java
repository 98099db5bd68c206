package io.chorus.trainer.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.LogMelFrontEnd;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-inference", mixinStandardHelpOptions = true,
        description = "Inference speed: windows/s per architecture, batch size and worker threads (one classifier per thread), "
                + "front-end ms per batch, and peak RSS; writes a Markdown table. Run with -Dai.djl.pytorch.num_threads=1.")
final class InferenceBenchmarkCommand implements Callable<Integer> {

    @Option(names = "--archs", split = ",", defaultValue = "mobilenetv3-large-1.0,mobilenetv3-small-0.5",
            description = "Architectures. Default: ${DEFAULT-VALUE}")
    List<String> archs;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", description = "Batch sizes. Default: ${DEFAULT-VALUE}")
    List<Integer> batchSizes;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Worker threads. Default: ${DEFAULT-VALUE}")
    List<Integer> threads;

    @Option(names = "--seconds", defaultValue = "8", description = "Measuring time per cell, seconds. Default: ${DEFAULT-VALUE}")
    double seconds;

    @Option(names = "--out", description = "Markdown file to write. Default: print only")
    Path out;

    @Override
    public Integer call() throws Exception {
        FeatureConfig features = FeatureConfig.defaults();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Front end %d mels × %d frames; random-initialised networks (speed does not depend on "
                + "the weights); %.0f s per cell after a warm-up; PyTorch intra-op threads %s.%n%n", features.nMels(), features.frames(),
                seconds, System.getProperty("ai.djl.pytorch.num_threads", "default")));
        md.append("| architecture | batch | threads | windows/s | ms per batch |\n|---|---|---|---|---|\n");
        for (String arch : archs) {
            byte[] artifact = artifact(Architecture.parse(arch), features);
            for (int batch : batchSizes) {
                for (int t : threads) {
                    double rate = measure(artifact, batch, t, features);
                    md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f |%n", arch, batch, t, rate, 1000.0 * batch * t / rate));
                    System.err.printf(Locale.ROOT, "%s batch %d threads %d: %.1f windows/s%n", arch, batch, t, rate);
                }
            }
        }
        md.append(String.format(Locale.ROOT, "%nFront end alone (resampled 16 kHz input, batch 32): %.1f ms per batch.%n", frontEndMs(features)));
        md.append(String.format(Locale.ROOT, "Peak RSS of the benchmark process: %s.%n", peakRss()));
        System.out.println(md);
        if (out != null) {
            Files.writeString(out, md.toString());
        }
        return 0;
    }

    private static byte[] artifact(Architecture a, FeatureConfig f) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 42; i++) {
            labels.add("S" + i);
        }
        return ModelArtifact.untrained(a, new ModelManifest(null, null, labels, List.of(), Map.of(), f, Map.of(), Map.of(), "bench", null))
                .toBytes();
    }

    private double measure(byte[] artifactBytes, int batch, int threadCount, FeatureConfig f) throws Exception {
        ModelArtifact artifact = ModelArtifact.fromBytes(artifactBytes);
        List<float[]> windows = new ArrayList<>();
        Random rng = new Random(1);
        for (int i = 0; i < batch; i++) {
            float[] w = new float[f.windowSamples()];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) (0.1 * rng.nextGaussian());
            }
            windows.add(w);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threadCount);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                results.add(pool.submit(() -> {
                    try (WindowClassifier c = new WindowClassifier(artifact, Device.cpu())) {
                        c.scores(windows); // warm-up
                        long done = 0;
                        long end = System.nanoTime() + (long) (seconds * 1e9);
                        while (System.nanoTime() < end) {
                            c.scores(windows);
                            done += windows.size();
                        }
                        return done;
                    }
                }));
            }
            long total = 0;
            for (Future<Long> r : results) {
                total += r.get();
            }
            return total / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double frontEndMs(FeatureConfig f) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); LogMelFrontEnd fe = new LogMelFrontEnd(f, m)) {
            int runs = 20;
            long start = 0;
            for (int i = 0; i < runs + 3; i++) {
                if (i == 3) {
                    start = System.nanoTime();
                }
                try (NDManager s = m.newSubManager()) {
                    fe.apply(s.randomUniform(-0.1f, 0.1f, new Shape(32, f.windowSamples()))).toFloatArray();
                }
            }
            return (System.nanoTime() - start) / 1e6 / runs;
        }
    }

    private static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replace("VmHWM:", "").trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
