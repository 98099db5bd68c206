package io.chorus.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandTest {

    @Test
    void everySubcommandShowsItsDefaultsInHelp() {
        CommandLine cli = new CommandLine(new IngestCommand());
        for (String sub : cli.getSubcommands().keySet()) {
            if (sub.equals("help")) {
                continue;
            }
            for (CommandLine.Model.OptionSpec option : cli.getSubcommands().get(sub).getCommandSpec().options()) {
                if (!option.usageHelp() && !option.versionHelp()) {
                    assertThat(String.join(" ", option.description())).as("%s %s", sub, option.longestName()).contains("Default:");
                }
            }
        }
    }

    @Test
    void healthFlagsBecomeSettings() {
        HealthCommand c = new HealthCommand();
        new CommandLine(c).parseArgs("--window-seconds", "5", "--offline-after-seconds", "30", "--clip-level", "0.99");
        assertThat(c.settings().window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.settings().offlineAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.settings().clipLevel()).isEqualTo(0.99);
    }
}
