package io.chorus.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.console.ConsoleSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsoleCommandTest {

    @Test
    void everyFlagShowsItsDefaultAndNoFlagsMeansTheDefaults() {
        CommandLine cli = new CommandLine(new ConsoleCommand());
        for (CommandLine.Model.OptionSpec o : cli.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                assertThat(String.join(" ", o.description())).as(o.longestName()).contains("Default:");
            }
        }
        cli.parseArgs();
        ConsoleSettings s = ((ConsoleCommand) cli.getCommand()).settings();
        ConsoleSettings d = ConsoleSettings.defaults();
        assertThat(s).isEqualTo(d);
        assertThat(s.http().bind()).as("listens on loopback unless told").isEqualTo("127.0.0.1");
    }

    @Test
    void kubernetesStyleFlagsParse() {
        CommandLine cli = new CommandLine(new ConsoleCommand());
        cli.parseArgs("--bind", "0.0.0.0", "--no-create-accounts", "--secure-cookies", "--claim-time", "2m");
        ConsoleSettings s = ((ConsoleCommand) cli.getCommand()).settings();
        assertThat(s.http().bind()).isEqualTo("0.0.0.0");
        assertThat(s.accounts().create()).isFalse();
        assertThat(s.http().secureCookies()).isTrue();
        assertThat(s.claimTtl()).hasMinutes(2);
    }
}
