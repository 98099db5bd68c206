package io.chorus.trainer.cli;

import io.chorus.model.device.DeviceChoice;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "The mixer experiment: train every mixer with every seed on one data set, then write mean ± sd of test "
                + "macro F1 (all, frequent, common, rare) and training samples/s per mixer as a Markdown table.")
final class BenchmarkCommand implements Callable<Integer> {

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--out", required = true, description = "Directory for the runs and summary.md.")
    Path out;

    @Option(names = "--mixers", split = ",", defaultValue = "none,mixup,manifold,multimix,mix2",
            description = "Mixers to compare. Default: ${DEFAULT-VALUE}")
    List<String> mixers;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds. Default: ${DEFAULT-VALUE}")
    List<Long> seeds;

    @Option(names = "--arch", defaultValue = "mobilenetv3-small-0.5", description = "Network. Default: ${DEFAULT-VALUE}")
    String arch;

    @Option(names = "--epochs", defaultValue = "8", description = "Epochs per run. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.01", description = "AdamW learning rate. Default: ${DEFAULT-VALUE}")
    float lr;

    @Mixin
    FeatureOptions features;

    @Mixin
    MixingOptions mixing;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Map<String, List<Map<String, Object>>> byMixer = new LinkedHashMap<>();
        for (long seed : seeds) {
            for (String mixer : mixers) {
                TrainConfig cfg = new TrainConfig(Architecture.parse(arch), mixer, mixing.settings(), epochs, batchSize, lr, 0.01f, seed, 0.15, true,
                        false, features.config(), DeviceChoice.CPU.resolve());
                Path runDir = out.resolve(mixer + "-seed" + seed);
                System.err.printf(Locale.ROOT, "=== %s, seed %d ===%n", mixer, seed);
                Map<String, Object> report = TrainCommand.run(cfg, dataOptions.data, dataOptions.variant, false, runDir);
                byMixer.computeIfAbsent(mixer, m -> new ArrayList<>()).add(report);
                Files.writeString(out.resolve("summary.md"), summary(byMixer, describe()));
            }
        }
        System.out.println(Files.readString(out.resolve("summary.md")));
        return 0;
    }

    private String describe() {
        return String.format(Locale.ROOT, "%s, %d epochs, batch %d, lr %s, %d mels × %d frames (n_fft %d, hop %d, %.1f s at %d Hz), "
                        + "seeds %s, data %s (%s)", arch, epochs, batchSize, lr, features.config().nMels(), features.config().frames(),
                features.nFft, features.hop, features.windowSeconds, features.sampleRate, seeds, dataOptions.data, dataOptions.variant);
    }

    static String summary(Map<String, List<Map<String, Object>>> byMixer, String setup) {
        StringBuilder sb = new StringBuilder();
        sb.append("Setup: ").append(setup).append("\n\n");
        sb.append("| mixer | runs | test macro F1 | frequent | common | rare | macro AP | train samples/s | best epoch |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (var e : byMixer.entrySet()) {
            List<Map<String, Object>> runs = e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", e.getKey(), runs.size(),
                    meanSd(runs, r -> test(r).macroF1()),
                    meanSd(runs, r -> test(r).groupMacroF1().getOrDefault("frequent", Double.NaN)),
                    meanSd(runs, r -> test(r).groupMacroF1().getOrDefault("common", Double.NaN)),
                    meanSd(runs, r -> test(r).groupMacroF1().getOrDefault("rare", Double.NaN)),
                    meanSd(runs, r -> test(r).macroAp()),
                    String.format(Locale.ROOT, "%.1f", runs.stream().mapToDouble(r -> (Double) r.get("trainSamplesPerSecond")).average().orElse(0)),
                    runs.stream().map(r -> r.get("bestEpoch").toString()).toList()));
        }
        return sb.toString();
    }

    private static EvaluationReport test(Map<String, Object> r) {
        return (EvaluationReport) r.get("test");
    }

    private static String meanSd(List<Map<String, Object>> runs, java.util.function.ToDoubleFunction<Map<String, Object>> f) {
        double[] v = runs.stream().mapToDouble(f).toArray();
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        double sd = v.length < 2 ? 0 : Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
    }
}
