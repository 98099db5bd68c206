package io.chorus.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.audio.synthetic.AnuraSetLayoutWriter;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import io.chorus.schemas.ops.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = "The data-size study: write the synthetic chorus at several multiples of its default recordings (more nights "
                + "per site; same sites, species and tiers), train every mixer with every seed on each, and write one table per "
                + "size to summary.md as runs finish. Runs already reported under --out are read, not retrained, so a cut-short "
                + "study resumes.")
final class StudyCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Directory for the data sets, the runs and summary.md.")
    Path out;

    @Option(names = "--scales", split = ",", defaultValue = "1,4,8",
            description = "Multiples of the generator's default recordings per site. Default: ${DEFAULT-VALUE}")
    List<Integer> scales;

    @Option(names = "--epochs-per-scale", split = ",", defaultValue = "60,12,6",
            description = "Epochs at each scale, in --scales order; the default gives every size about the same optimiser steps "
                    + "(~1,150 at batch 64). Default: ${DEFAULT-VALUE}")
    List<Integer> epochsPerScale;

    @Option(names = "--mixers", split = ",", defaultValue = "none,mix2", description = "Mixers. Default: ${DEFAULT-VALUE}")
    List<String> mixers;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds. Default: ${DEFAULT-VALUE}")
    List<Long> seeds;

    @Option(names = "--clip-hop", defaultValue = "3", description = "Clip hop of the written data sets in seconds. Default: ${DEFAULT-VALUE}")
    double clipHop;

    @Mixin
    BenchmarkCommand.GridOptions grid;

    @Override
    public Integer call() throws Exception {
        if (epochsPerScale.size() != scales.size()) {
            throw new IllegalArgumentException("--epochs-per-scale needs one value per scale: " + scales.size() + " scales, "
                    + epochsPerScale.size() + " epoch counts");
        }
        Files.createDirectories(out);
        Map<Integer, List<JsonNode>> byScale = new LinkedHashMap<>();
        for (int i = 0; i < scales.size(); i++) {
            int scale = scales.get(i);
            int epochs = epochsPerScale.get(i);
            Path data = dataSet(scale);
            BenchmarkCommand.run(data, "anuraset", out.resolve("x" + scale), mixers, seeds, grid, epochs, runs -> {
                byScale.put(scale, List.copyOf(runs));
                writeSummary(byScale);
            });
        }
        System.out.println(Files.readString(out.resolve("summary.md")));
        return 0;
    }

    /** The synthetic set at {@code scale} × the default recordings per site, written once under --out. */
    private Path dataSet(int scale) throws Exception {
        Path dir = out.resolve("data-x" + scale);
        if (Files.isRegularFile(dir.resolve("metadata.csv"))) {
            return dir;
        }
        ChorusConfig d = ChorusConfig.defaults();
        ChorusConfig c = new ChorusConfig(d.seed(), d.sites(), new ChorusConfig.Recordings(d.recordingsPerSite() * scale,
                d.recordingSeconds(), d.sampleRateHz()), new ChorusConfig.Clips(d.clipSeconds(), clipHop), d.testFraction(), d.snr(),
                d.species());
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        ProgressBar bar = new ProgressBar(System.err, "synth x" + scale, (long) c.sites().size() * c.recordingsPerSite(), "recordings");
        AnuraSetLayoutWriter.write(new ChorusGenerator(c), partial, bar::update);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    private void writeSummary(Map<Integer, List<JsonNode>> byScale) {
        StringBuilder sb = new StringBuilder("Setup: ").append(grid.describe("epochs " + epochsPerScale + " at scales " + scales)).append(String.format(Locale.ROOT, ", seeds %s, clip hop %s s%n%n", seeds, clipHop));
        for (var e : byScale.entrySet()) {
            sb.append("### ×").append(e.getKey()).append(" recordings\n\n").append(RunTable.markdown(new ArrayList<>(e.getValue())))
                    .append('\n');
        }
        try {
            Files.writeString(out.resolve("summary.md"), sb.toString());
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
