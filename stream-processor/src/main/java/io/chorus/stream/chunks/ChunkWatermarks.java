package io.chorus.stream.chunks;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for {@code audio.chunks}: a chunk's start, with bounded out-of-orderness. Unreadable
 * records and chunks claiming a start far in the job's future do not move the watermark: one
 * recorder with a wrong clock must not make every other recorder's audio late.
 */
public final class ChunkWatermarks implements WatermarkGenerator<ChunkInput> {

    private final long outOfOrdernessMillis;
    private final long maxFutureMillis;
    private long maxTimestamp = Long.MIN_VALUE;

    ChunkWatermarks(long outOfOrdernessMillis, long maxFutureMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
        this.maxFutureMillis = maxFutureMillis;
    }

    public static WatermarkStrategy<ChunkInput> strategy(Duration outOfOrderness, Duration idleness, ChunkLimits limits) {
        WatermarkStrategy<ChunkInput> s = WatermarkStrategy
                .<ChunkInput>forGenerator(ctx -> new ChunkWatermarks(outOfOrderness.toMillis(), limits.maxFutureMillis()))
                .withTimestampAssigner((in, recordTs) -> in.rejection == null ? Math.floorDiv(in.startMicros, 1000) : recordTs);
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    @Override
    public void onEvent(ChunkInput in, long eventTimestamp, WatermarkOutput output) {
        if (in.rejection != null || eventTimestamp > System.currentTimeMillis() + maxFutureMillis) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxTimestamp != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
        }
    }
}
