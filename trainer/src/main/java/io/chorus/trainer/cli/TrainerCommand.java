package io.chorus.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chorus-trainer}: synthesise data, train with a mixer, evaluate, compare, benchmark; the retraining service, on-demand rounds and rollback. */
@Command(name = "chorus-trainer", mixinStandardHelpOptions = true, version = "Chorus 0.1.0",
        description = "Mix2 training and evaluation for anuran sound classification.",
        subcommands = {SynthCommand.class, TrainCommand.class, EvaluateCommand.class, CompareCommand.class, ServeCommand.class,
                       RetrainCommand.class, RollbackCommand.class, GateSizingCommand.class,
                       BenchmarkCommand.class, StudyCommand.class, InferenceBenchmarkCommand.class, CommandLine.HelpCommand.class})
public final class TrainerCommand {

    public static void main(String[] args) {
        int code = new CommandLine(new TrainerCommand()).setUsageHelpAutoWidth(true).execute(args);
        System.exit(code);
    }
}
