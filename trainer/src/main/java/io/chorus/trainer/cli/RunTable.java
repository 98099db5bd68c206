package io.chorus.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Training runs side by side, from their report.json: one row per mixer and regime (SpecAugment,
 * thresholds), mean ± sd over the runs (seeds) in it. Shared by {@code compare}, {@code benchmark}
 * and {@code study}, so every table reads the same way.
 */
final class RunTable {

    private RunTable() {
    }

    static JsonNode read(Path reportOrRunDir) throws IOException {
        Path file = Files.isDirectory(reportOrRunDir) ? reportOrRunDir.resolve("report.json") : reportOrRunDir;
        return TrainCommand.JSON.readTree(file.toFile());
    }

    /** The row a run belongs to: its mixer, and its regime where the report records one. */
    static String rowOf(JsonNode run) {
        String regime = run.has("specAugment") ? " (specaug " + run.path("specAugment").asText() + ")" : "";
        return run.path("mixer").asText() + regime;
    }

    static String markdown(List<JsonNode> runs) {
        Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
        for (JsonNode r : runs) {
            rows.computeIfAbsent(rowOf(r), k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| mixer | runs | train clips | steps | F1 @0.5 | F1 tuned | macro AP | rare F1 tuned | rare AP | ECE | best epoch "
                + "| min/run | samples/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var e : rows.entrySet()) {
            List<JsonNode> rs = e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %.1f |%n",
                    e.getKey(), rs.size(),
                    distinct(rs, r -> r.path("trainClips").asText("?")),
                    distinct(rs, r -> r.path("steps").asText("?")),
                    meanSd(rs, r -> atHalf(r).path("macroF1").asDouble(Double.NaN)),
                    meanSd(rs, r -> tuned(r).path("macroF1").asDouble(Double.NaN)),
                    meanSd(rs, r -> atHalf(r).path("macroAp").asDouble(Double.NaN)),
                    meanSd(rs, r -> tuned(r).path("groupMacroF1").path("rare").asDouble(Double.NaN)),
                    meanSd(rs, r -> atHalf(r).path("groupMacroAp").path("rare").asDouble(Double.NaN)),
                    meanSd(rs, r -> atHalf(r).path("calibrationError").asDouble(Double.NaN)),
                    rs.stream().map(r -> r.path("bestEpoch").asText() + "/" + r.path("epochs").size()).toList(),
                    mean(rs, r -> r.path("trainSeconds").asDouble(Double.NaN)) / 60,
                    mean(rs, r -> r.path("trainSamplesPerSecond").asDouble(Double.NaN))));
        }
        return sb.toString();
    }

    /** One line per run, for a terminal. */
    static String perRun(List<Path> names, List<JsonNode> runs) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-32s %-9s %5s %8s %8s %8s %8s %8s %8s", "run", "mixer", "seed", "F1@0.5", "F1tuned",
                "macroAP", "rareF1t", "rareAP", "ECE"));
        for (int i = 0; i < runs.size(); i++) {
            JsonNode r = runs.get(i);
            lines.add(String.format(Locale.ROOT, "%-32s %-9s %5s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f", names.get(i).getFileName(),
                    r.path("mixer").asText(), r.path("seed").asText(), atHalf(r).path("macroF1").asDouble(Double.NaN),
                    tuned(r).path("macroF1").asDouble(Double.NaN), atHalf(r).path("macroAp").asDouble(Double.NaN),
                    tuned(r).path("groupMacroF1").path("rare").asDouble(Double.NaN),
                    atHalf(r).path("groupMacroAp").path("rare").asDouble(Double.NaN),
                    atHalf(r).path("calibrationError").asDouble(Double.NaN)));
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** Reports written before both threshold views existed have only "test" (at 0.5). */
    private static JsonNode atHalf(JsonNode r) {
        return r.has("testAtHalf") ? r.path("testAtHalf") : r.path("test");
    }

    private static JsonNode tuned(JsonNode r) {
        return r.path("testTuned");
    }

    private static String distinct(List<JsonNode> rs, java.util.function.Function<JsonNode, String> f) {
        return String.join("/", rs.stream().map(f).distinct().toList());
    }

    private static double mean(List<JsonNode> rs, ToDoubleFunction<JsonNode> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    static String meanSd(List<JsonNode> rs, ToDoubleFunction<JsonNode> f) {
        double[] v = rs.stream().mapToDouble(f).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double sd = v.length < 2 ? 0 : Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
    }
}
