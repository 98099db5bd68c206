package io.chorus.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.artifact.ModelArtifact;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI end to end on a tiny synthetic set: synth → train (two mixers) → evaluate → compare. */
class TrainerCommandTest {

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new TrainerCommand()).execute(args);
            assertThat(code).as("exit code of %s", List.of(args)).isZero();
        } finally {
            System.setOut(previous);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everySubcommandShowsItsDefaultsInHelp() {
        CommandLine cli = new CommandLine(new TrainerCommand());
        for (String sub : List.of("synth", "train", "evaluate", "compare", "benchmark", "bench-inference", "serve", "retrain", "rollback")) {
            String help = cli.getSubcommands().get(sub).getUsageMessage();
            assertThat(help).as(sub).contains("--help");
            for (CommandLine.Model.OptionSpec option : cli.getSubcommands().get(sub).getCommandSpec().options()) {
                if (!option.usageHelp() && !option.versionHelp() && !option.required()) {
                    assertThat(String.join(" ", option.description())).as("%s %s", sub, option.longestName()).contains("Default:");
                }
            }
        }
    }

    @Test
    void serveStartsFromTheSettingsRecordsDefaultsAsTheLocalRunDoes() {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.parseArgs("--data", "base");
        io.chorus.trainer.retrain.RetrainSettings s = ((ServeCommand) cli.getCommand()).settings();
        assertThat(s.warmStart()).isEqualTo(io.chorus.trainer.retrain.RetrainSettings.WarmStart.defaults());
        assertThat(s.schedule()).isEqualTo(io.chorus.trainer.retrain.RetrainSettings.Schedule.defaults());
        assertThat(s.base().reviewedRepeat()).isEqualTo(io.chorus.trainer.retrain.RetrainSettings.BaseData.DEFAULT_REVIEWED_REPEAT);
        assertThat(s.base().holdOutShare()).isEqualTo(io.chorus.trainer.retrain.RetrainSettings.BaseData.DEFAULT_HOLD_OUT_SHARE);
        assertThat(s.gate()).isEqualTo(io.chorus.trainer.gate.PromotionGate.DEFAULTS);
        // What --help says is what it does.
        String help = cli.getUsageMessage();
        assertThat(help).contains("Default: 6h").contains("Default: 10s").contains("Default: 0.003").contains("Default: 3");
    }

    @Test
    void synthTrainEvaluateCompare(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tiny.properties");
        Files.writeString(config, "seed=3\nrecordingsPerSite=4\nrecordingSeconds=8\nsampleRateHz=16000\nclipSeconds=1\nclipHopSeconds=1\n"
                + "species=SPHSUR,BOABIS,BOAFAB,LEPPOD,PITAZU\n");
        Path data = dir.resolve("data");
        assertThat(run("synth", "--out", data.toString(), "--config", config.toString())).contains("wrote 128 clips");

        String[] common = {"--data", data.toString(), "--arch", "mobilenetv3-small-0.25", "--epochs", "2", "--batch-size", "16",
                "--window-seconds", "1", "--n-fft", "256", "--n-mels", "32", "--device", "cpu", "--thresholds", "tuned"};
        run(concat(new String[] {"train", "--out", dir.resolve("none").toString(), "--mix", "none", "--seed", "1"}, common));
        run(concat(new String[] {"train", "--out", dir.resolve("mix2").toString(), "--mix", "mix2", "--seed", "1"}, common));

        ModelArtifact model = ModelArtifact.load(dir.resolve("mix2").resolve("model.chorus"));
        assertThat(model.manifest().labels()).containsExactly("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD", "PITAZU");
        assertThat(model.manifest().data()).containsEntry("mixer", "mix2").containsKey("fingerprint");
        String report = Files.readString(dir.resolve("mix2").resolve("report.txt"));

        // `evaluate` scores the saved model with the same code path and gets the training run's test numbers.
        String evaluated = run("evaluate", "--model", dir.resolve("mix2").resolve("model.chorus").toString(), "--data", data.toString(),
                "--device", "cpu");
        assertThat(evaluated.trim()).isEqualTo(report.trim());

        String table = run("compare", dir.resolve("none").toString(), dir.resolve("mix2").toString());
        assertThat(table).contains("F1@0.5").contains("F1tuned").contains("rareAP").contains("ECE").contains(" none ").contains(" mix2 ")
                .contains("| none (specaug per-batch) | 1 |"); // the default regime, one run
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
