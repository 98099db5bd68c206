package io.chorus.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.model.device.DeviceChoice;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.training.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "The mixer experiment: train every mixer with every seed on one data set, then write a Markdown table of "
                + "mean ± sd per mixer (test macro F1 at 0.5 and at tuned thresholds, macro AP, rare-group F1 and AP, calibration "
                + "error, best epoch, time) to summary.md. A run whose report.json exists is read, not retrained.")
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

    @Mixin
    GridOptions grid;

    @Override
    public Integer call() throws Exception {
        List<JsonNode> runs = run(dataOptions.data, dataOptions.variant, out, mixers, seeds, grid, grid.epochs,
                r -> writeSummary(r, describe()));
        writeSummary(runs, describe());
        System.out.println(Files.readString(out.resolve("summary.md")));
        return 0;
    }

    private void writeSummary(List<JsonNode> runs, String setup) {
        try {
            Files.writeString(out.resolve("summary.md"), "Setup: " + setup + "\n\n" + RunTable.markdown(runs));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String describe() {
        return grid.describe(grid.epochs) + String.format(Locale.ROOT, ", seeds %s, data %s (%s)", seeds, dataOptions.data,
                dataOptions.variant);
    }

    /**
     * Trains mixers × seeds (seed-major, so a cut-short grid still has every mixer at the first seeds) into
     * {@code out/<mixer>-seed<seed>}; a run already reported there is read back. Told the runs so far after each.
     */
    static List<JsonNode> run(Path data, String variant, Path out, List<String> mixers, List<Long> seeds, GridOptions grid, int epochs,
                              Consumer<List<JsonNode>> afterEach) throws Exception {
        Files.createDirectories(out);
        List<JsonNode> runs = new ArrayList<>();
        for (long seed : seeds) {
            for (String mixer : mixers) {
                Path runDir = out.resolve(mixer + "-seed" + seed);
                if (!Files.isRegularFile(runDir.resolve("report.json"))) {
                    System.err.printf(Locale.ROOT, "=== %s, seed %d, %d epochs, %s ===%n", mixer, seed, epochs, data);
                    TrainCommand.run(grid.config(mixer, seed, epochs), data, variant, false, runDir);
                }
                runs.add(RunTable.read(runDir));
                afterEach.accept(runs);
            }
        }
        return runs;
    }

    /** Network, schedule, front end and regime of a grid of runs (a picocli mixin of benchmark and study). */
    static class GridOptions {

        @Option(names = "--arch", defaultValue = "mobilenetv3-small-0.5", description = "Network. Default: ${DEFAULT-VALUE}")
        String arch;

        @Option(names = "--epochs", defaultValue = "60", description = "Epochs per run. Default: ${DEFAULT-VALUE}")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}")
        int batchSize;

        @Option(names = "--lr", defaultValue = "0.01", description = "AdamW learning rate. Default: ${DEFAULT-VALUE}")
        float lr;

        @Mixin
        FeatureOptions features;

        @Mixin
        MixingOptions mixing;

        @Mixin
        RegimeOptions regime;

        TrainConfig config(String mixer, long seed, int epochs) {
            return new TrainConfig(Architecture.parse(arch), features.config(), new TrainConfig.Mix(mixer, mixing.settings()),
                    new TrainConfig.Optimization(epochs, batchSize, lr, 0.01f), regime.regime(), seed, 0.15, DeviceChoice.CPU.resolve());
        }

        String describe(int epochs) {
            return describe(epochs + " epochs");
        }

        String describe(String schedule) {
            return String.format(Locale.ROOT, "%s, %s, batch %d, lr %s, %d mels × %d frames (n_fft %d, hop %d, %.1f s at %d Hz), "
                            + "SpecAugment %s, thresholds %s (epoch chosen at them)", arch, schedule, batchSize, lr, features.config().nMels(),
                    features.config().frames(), features.nFft, features.hop, features.windowSeconds, features.sampleRate,
                    regime.specAugmentMode().id(), regime.tuneThresholds() ? "tuned" : "fixed 0.5");
        }
    }
}
