package io.chorus.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class CheckpointPacingTest {

    @Test
    void setsExactlyOnceCheckpointsWithTheIntervalAndThePause() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new CheckpointPacing(Duration.ofMillis(1500), Duration.ofMillis(700)).applyTo(env);
        CheckpointConfig c = env.getCheckpointConfig();
        assertThat(c.getCheckpointInterval()).isEqualTo(1500);
        assertThat(c.getMinPauseBetweenCheckpoints()).isEqualTo(700);
        assertThat(c.getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    }

    @Test
    void refusesAnIntervalOrPauseThatCannotPaceAnything() {
        assertThatThrownBy(() -> new CheckpointPacing(Duration.ZERO, Duration.ZERO)).hasMessageContaining("interval must be positive");
        assertThatThrownBy(() -> new CheckpointPacing(Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessageContaining("must not be negative");
    }
}
