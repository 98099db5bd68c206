package io.chorus.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class CheckpointingTest {

    @Test
    void setsExactlyOnceCheckpointsWithTheIntervalThePauseAndTheCompression() {
        for (boolean compressed : new boolean[] {true, false}) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.getConfig().setUseSnapshotCompression(!compressed);
            new Checkpointing(Duration.ofMillis(1500), Duration.ofMillis(700), compressed).applyTo(env);
            CheckpointConfig c = env.getCheckpointConfig();
            assertThat(c.getCheckpointInterval()).isEqualTo(1500);
            assertThat(c.getMinPauseBetweenCheckpoints()).isEqualTo(700);
            assertThat(c.getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
            assertThat(env.getConfig().isUseSnapshotCompression()).as("compressed").isEqualTo(compressed);
        }
    }

    @Test
    void refusesAnIntervalOrPauseThatCannotPaceAnything() {
        assertThatThrownBy(() -> new Checkpointing(Duration.ZERO, Duration.ZERO, true)).hasMessageContaining("interval must be positive");
        assertThatThrownBy(() -> new Checkpointing(Duration.ofSeconds(1), Duration.ofMillis(-1), true))
                .hasMessageContaining("must not be negative");
    }
}
