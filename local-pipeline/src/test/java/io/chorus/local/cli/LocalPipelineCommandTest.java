package io.chorus.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.local.pipeline.PipelineSettings;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class LocalPipelineCommandTest {

    @Test
    void everyFlagShowsItsDefaultAndNoFlagsMeansTheDefaults() {
        CommandLine cli = new CommandLine(new LocalPipelineCommand());
        for (CommandLine.Model.OptionSpec o : cli.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                assertThat(String.join(" ", o.description())).as(o.longestName()).contains("Default:");
            }
        }
        cli.parseArgs();
        assertThat(((LocalPipelineCommand) cli.getCommand()).settings()).isEqualTo(PipelineSettings.defaults());
        assertThat(PipelineSettings.defaults().embedded()).isTrue();
    }

    @Test
    void anExistingClusterNeedsBothAddresses() {
        CommandLine cli = new CommandLine(new LocalPipelineCommand());
        cli.parseArgs("--bootstrap-servers", "kafka:9092");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ((LocalPipelineCommand) cli.getCommand()).settings())
                .hasMessageContaining("give both --bootstrap-servers and --schema-registry-url");
    }
}
