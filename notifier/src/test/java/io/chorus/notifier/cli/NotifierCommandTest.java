package io.chorus.notifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.notifier.NotifierSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NotifierCommandTest {

    @Test
    void everyFlagShowsItsDefaultAndTheDefaultsAreTheSettingsDefaults() {
        CommandLine cli = new CommandLine(new NotifierCommand());
        for (CommandLine.Model.OptionSpec o : cli.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                assertThat(String.join(" ", o.description())).as(o.longestName()).contains("Default:");
            }
        }
        cli.parseArgs("--subscriptions", "s.yaml");
        NotifierSettings s = ((NotifierCommand) cli.getCommand()).settings();
        NotifierSettings d = NotifierSettings.defaults(Path.of("s.yaml"));
        assertThat(s).isEqualTo(d);
        cli.parseArgs("--subscriptions", "s.yaml", "--max-attempts", "3", "--initial-backoff", "200ms", "--breaker-open", "2m");
        s = ((NotifierCommand) cli.getCommand()).settings();
        assertThat(s.retries().maxAttempts()).isEqualTo(3);
        assertThat(s.retries().initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.retries().breakerOpen()).isEqualTo(Duration.ofMinutes(2));
    }
}
