package io.chorus.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print several runs' test results side by side (reads each run's report.json): one line per run, then "
                + "mean ± sd per mixer and regime — macro F1 at 0.5 and at thresholds tuned on validation, macro AP, rare-group "
                + "F1 and AP, expected calibration error.")
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "report.json files or run directories.")
    List<Path> reports;

    @Override
    public Integer call() throws Exception {
        System.out.println(table(reports));
        return 0;
    }

    static String table(List<Path> reports) throws java.io.IOException {
        List<JsonNode> runs = new ArrayList<>();
        List<Path> names = new ArrayList<>();
        for (Path p : reports) {
            runs.add(RunTable.read(p));
            names.add(p.getFileName().toString().equals("report.json") ? p.getParent() : p);
        }
        return RunTable.perRun(names, runs) + System.lineSeparator() + System.lineSeparator() + RunTable.markdown(runs);
    }
}
