package io.chorus.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chorus-ingest}: the Kafka Streams services of ingest (the recorder publisher follows). */
@Command(name = "chorus-ingest", mixinStandardHelpOptions = true, version = "Chorus 0.1.0",
        description = "How audio and labels enter Chorus.",
        subcommands = {HealthCommand.class, LabelJoinerCommand.class, CommandLine.HelpCommand.class})
public final class IngestCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestCommand()).setUsageHelpAutoWidth(true).execute(args));
    }
}
