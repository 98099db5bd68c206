package io.chorus.stream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.stream.job.Checkpointing;
import io.chorus.stream.job.DetectionJobSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DetectionJobCommandTest {

    @Test
    void everyFlagShowsItsDefaultInHelp() {
        CommandLine cli = new CommandLine(new DetectionJobCommand());
        String help = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (CommandLine.Model.OptionSpec option : cli.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals("--kafka-config")) {
                continue;
            }
            // The option list, not the synopsis ("[--"); an on/off flag is listed as --[no-]name.
            int at = option.negatable() ? help.indexOf(" --[no-]" + option.longestName().substring(2))
                    : help.indexOf(" " + option.longestName() + "=");
            assertThat(at).as(option.longestName()).isPositive();
            int next = help.indexOf("\n      --", at + 1);
            int nextShort = help.indexOf("\n  -", at + 1);
            int end = Math.min(next < 0 ? help.length() : next, nextShort < 0 ? help.length() : nextShort);
            assertThat(help.substring(at, end)).as(option.longestName()).contains("Default:");
        }
    }

    @Test
    void flagsBecomeJobSettings() {
        DetectionJobCommand c = new DetectionJobCommand();
        new CommandLine(c).parseArgs("--bootstrap-servers", "k:9092", "--model-name", "line-a", "--threshold", "BOAFAB=0.7",
                "--threshold", "DENNAH=0.2", "--priority-species", "DENNAH,PHYCUV", "--alert-positives", "4",
                "--review-band", "0.3,0.7", "--allowed-lateness", "2m", "--out-of-orderness", "500ms", "--hop-seconds", "1.5");
        DetectionJobSettings s = c.settings();
        assertThat(s.modelName()).isEqualTo("line-a");
        assertThat(s.scoring().decisions().thresholdOverrides()).containsEntry("BOAFAB", 0.7f).containsEntry("DENNAH", 0.2f);
        assertThat(s.scoring().decisions().prioritySpecies()).containsExactlyInAnyOrder("DENNAH", "PHYCUV");
        assertThat(s.alerts().positives()).isEqualTo(4);
        assertThat(s.review().uncertainLow()).isEqualTo(0.3f);
        assertThat(s.windows().allowedLatenessMillis()).isEqualTo(120_000);
        assertThat(s.windows().hopSeconds()).isEqualTo(1.5);
        assertThat(s.input().outOfOrderness()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void checkpointsArePacedByTheirFlagsOrTheSharedDefaults() {
        DetectionJobCommand defaults = new DetectionJobCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.checkpointing()).isEqualTo(Checkpointing.defaults());
        DetectionJobCommand c = new DetectionJobCommand();
        new CommandLine(c).parseArgs("--checkpoint-interval", "2s", "--checkpoint-min-pause", "250ms", "--no-checkpoint-compression");
        assertThat(c.checkpointing()).isEqualTo(new Checkpointing(Duration.ofSeconds(2), Duration.ofMillis(250), false));
    }

    @Test
    void badValuesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> new CommandLine(new DetectionJobCommand()).parseArgs("--allowed-lateness", "soon"))
                .hasMessageContaining("'soon' is not a duration");
        DetectionJobCommand c = new DetectionJobCommand();
        new CommandLine(c).parseArgs("--threshold", "BOAFAB=1.5");
        assertThatThrownBy(c::settings).hasMessageContaining("BOAFAB=1.5 is outside [0, 1]");
        DetectionJobCommand hop = new DetectionJobCommand();
        new CommandLine(hop).parseArgs("--hop-seconds", "4");
        assertThatThrownBy(hop::settings).hasMessageContaining("need 0 < hop <= window");
    }
}
