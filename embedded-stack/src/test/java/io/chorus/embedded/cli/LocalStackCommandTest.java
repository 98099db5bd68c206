package io.chorus.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LocalStackCommandTest {

    @Test
    void helpListsEveryFlagWithItsDefault() {
        String help = new CommandLine(new LocalStackCommand()).setUsageHelpWidth(200).getUsageMessage();
        assertThat(help).contains("--kafka-port").contains("Default: 9092")
                .contains("--registry-port").contains("Default: 8081")
                .contains("--data-dir").contains("Default: chorus-data")
                .contains("--help").contains("--version");
    }
}
