package io.chorus.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chorus-ingest}: the recorder publisher and the Kafka Streams services. */
@Command(name = "chorus-ingest", mixinStandardHelpOptions = true, version = "Chorus 0.1.0",
        description = "How audio and labels enter Chorus.",
        subcommands = {PublishCommand.class, HealthCommand.class, LabelJoinerCommand.class, CommandLine.HelpCommand.class})
public final class IngestCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestCommand()).setUsageHelpAutoWidth(true).execute(args));
    }
}
