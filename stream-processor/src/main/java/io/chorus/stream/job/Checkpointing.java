package io.chorus.stream.job;

import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How the detection job checkpoints: exactly-once, at a pace, with its keyed state compressed or
 * not. Its sinks are exactly-once, so outputs become visible at each completed checkpoint: the
 * interval bounds alert latency. The minimum pause keeps a loaded job from checkpointing back to back: at 200 recorders on 2 cores a checkpoint took
 * 450–800 ms and without a pause one started every ~1.4 s, and the job fell behind; with 1 s
 * between the end of one and the start of the next it kept up (docs/BENCHMARKS.md §3b). 500 ms
 * keeps that effect and commits outputs sooner: p99 1.4 s against 2.0 s at 350 recorders on one
 * machine, 1.9 s against 2.3 s at 400 on another, same throughput. When checkpoints are quick, as
 * with a few recorders, the pause adds only their duration to the cycle.
 * Compression (Snappy, Flink's snapshot compression of keyed state) shrinks checkpoints only a
 * little (16-bit audio is mostly noise to it), but the loaded job did better with it in four of four
 * alternating benchmark pairs (docs/BENCHMARKS.md §3b). Probably because Flink 2.2 writes heap
 * snapshots one byte per call, which a buffered compressor takes more cheaply than the checkpoint
 * file stream does (not isolated).
 *
 * @param interval   time from the start of one checkpoint to the start of the next, at least
 * @param minPause   time from the end of one checkpoint to the start of the next, at least
 * @param compressed whether keyed state is Snappy-compressed in checkpoints and savepoints (either
 *                   restores either: Flink records it per snapshot)
 */
public record Checkpointing(Duration interval, Duration minPause, boolean compressed) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MIN_PAUSE = Duration.ofMillis(500);
    public static final boolean DEFAULT_COMPRESSED = true;

    public Checkpointing {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint interval must be positive, got " + interval);
        }
        if (minPause.isNegative()) {
            throw new IllegalArgumentException("minimum pause between checkpoints must not be negative, got " + minPause);
        }
    }

    public static Checkpointing defaults() {
        return new Checkpointing(DEFAULT_INTERVAL, DEFAULT_MIN_PAUSE, DEFAULT_COMPRESSED);
    }

    /** Exactly-once checkpoints at this pace, compressed or not. */
    public void applyTo(StreamExecutionEnvironment env) {
        env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(minPause.toMillis());
        env.getConfig().setUseSnapshotCompression(compressed);
    }
}
