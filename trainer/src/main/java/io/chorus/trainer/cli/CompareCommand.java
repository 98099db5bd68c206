package io.chorus.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print several runs' test results side by side (reads each run's report.json).")
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "report.json files or run directories.")
    List<Path> reports;

    @Override
    public Integer call() throws Exception {
        System.out.println(table(reports));
        return 0;
    }

    static String table(List<Path> reports) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-32s %-9s %5s %8s %8s %8s %8s %8s", "run", "mixer", "seed", "macroF1", "frequent",
                "common", "rare", "macroAP"));
        for (Path p : reports) {
            Path file = p.toFile().isDirectory() ? p.resolve("report.json") : p;
            JsonNode r = TrainCommand.JSON.readTree(file.toFile());
            JsonNode test = r.path("test");
            JsonNode groups = test.path("groupMacroF1");
            lines.add(String.format(Locale.ROOT, "%-32s %-9s %5s %8.4f %8.4f %8.4f %8.4f %8.4f", file.getParent().getFileName(),
                    r.path("mixer").asText(), r.path("seed").asText(), test.path("macroF1").asDouble(),
                    groups.path("frequent").asDouble(Double.NaN), groups.path("common").asDouble(Double.NaN),
                    groups.path("rare").asDouble(Double.NaN), test.path("macroAp").asDouble(Double.NaN)));
        }
        return String.join(System.lineSeparator(), lines);
    }
}
