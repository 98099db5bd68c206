package io.chorus.stream.windows;

import io.chorus.stream.chunks.Chunk;
import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by recorder: puts chunks in sequence order and hands them to the {@link WindowAssembler}.
 * In-order chunks go straight through (no waiting for the watermark); a chunk after a missing
 * sequence number waits until the watermark passes its start (the out-of-orderness bound), then
 * the missing ones are given up and the stream goes on (a short time gap is filled, a long one
 * ends the window). Duplicates, chunks that arrive after being given up, chunks older than the
 * allowed lateness and rate changes go to {@link #REJECTED}.
 */
public class AssembleWindows extends KeyedProcessFunction<String, Chunk, AudioWindow> {

    private static final long serialVersionUID = 1L;
    public static final String STAGE = "stream-processor/assemble-windows";
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected-in-stream") {
    };

    private final WindowSettings settings;
    private transient WindowAssembler assembler;
    private transient ValueState<RecorderStream> stream;
    private transient MapState<Long, Chunk> pending;
    private transient Counter chunksAccepted;
    private transient Counter windowsAssembled;
    private transient Counter gapsFilled;
    private transient Counter segmentsEnded;
    private transient Counter chunksGivenUp;
    private transient Counter overlapsTrimmed;

    public AssembleWindows(WindowSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        assembler = new WindowAssembler(settings, System::currentTimeMillis);
        stream = getRuntimeContext().getState(new ValueStateDescriptor<>("recorder-stream", RecorderStream.class));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-chunks", Types.LONG,
                TypeInformation.of(Chunk.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        chunksAccepted = metrics.counter("chunksAccepted");
        windowsAssembled = metrics.counter("windowsAssembled");
        gapsFilled = metrics.counter("gapsFilled");
        segmentsEnded = metrics.counter("segmentsEnded");
        chunksGivenUp = metrics.counter("missingChunksGivenUp");
        overlapsTrimmed = metrics.counter("overlapsTrimmed");
    }

    @Override
    public void processElement(Chunk chunk, Context ctx, Collector<AudioWindow> out) throws Exception {
        RecorderStream s = stream.value();
        if (s == null) {
            s = new RecorderStream();
        }
        long watermark = ctx.timerService().currentWatermark();
        long seq = chunk.sequenceNumber;
        if (watermark != Long.MIN_VALUE && chunk.startMillis() + settings.allowedLatenessMillis() < watermark) {
            reject(ctx, chunk, ReasonCodes.LATE_CHUNK, "starts " + (watermark - chunk.startMillis()) / 1000.0
                    + " s behind the watermark; allowed lateness is " + settings.allowedLatenessMillis() / 1000.0 + " s");
        } else if (s.nextSequence < 0 || seq == s.nextSequence) {
            apply(s, chunk, ctx, out);
            drain(s, ctx, out);
        } else if (seq > s.nextSequence) {
            if (pending.contains(seq)) {
                reject(ctx, chunk, ReasonCodes.DUPLICATE_SEQUENCE, "sequence number " + seq + " arrived twice (waiting for "
                        + s.nextSequence + ")");
            } else {
                pending.put(seq, chunk);
                ctx.timerService().registerEventTimeTimer(chunk.startMillis());
                if (pendingCount() > settings.maxPendingChunks()) {
                    giveUpBefore(s, Long.MAX_VALUE, 1, ctx, out);
                }
            }
        } else if (s.wasSkipped(seq)) {
            reject(ctx, chunk, ReasonCodes.LATE_CHUNK, "sequence number " + seq + " arrived after the stream had moved on "
                    + "without it (now at " + s.nextSequence + ")");
        } else {
            reject(ctx, chunk, ReasonCodes.DUPLICATE_SEQUENCE, "sequence number " + seq + " was already processed (now at "
                    + s.nextSequence + ")");
        }
        stream.update(s);
    }

    /** The watermark passed a waiting chunk's start: what it waited for is not coming. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AudioWindow> out) throws Exception {
        RecorderStream s = stream.value();
        if (s != null) {
            giveUpBefore(s, ctx.timerService().currentWatermark(), Integer.MAX_VALUE, ctx, out);
            stream.update(s);
        }
    }

    /** Skips to the earliest waiting chunk that starts at or before {@code watermark}, up to {@code times} times. */
    private void giveUpBefore(RecorderStream s, long watermark, int times, Context ctx, Collector<AudioWindow> out)
            throws Exception {
        for (int i = 0; i < times; i++) {
            Long first = null;
            for (Long seq : pending.keys()) {
                if (first == null || seq < first) {
                    first = seq;
                }
            }
            if (first == null || pending.get(first).startMillis() > watermark) {
                return;
            }
            s.rememberSkipped(s.nextSequence, first);
            chunksGivenUp.inc(first - s.nextSequence);
            s.nextSequence = first;
            drain(s, ctx, out);
        }
    }

    private void drain(RecorderStream s, Context ctx, Collector<AudioWindow> out) throws Exception {
        Chunk next;
        while ((next = pending.get(s.nextSequence)) != null) {
            pending.remove(s.nextSequence);
            apply(s, next, ctx, out);
        }
    }

    private void apply(RecorderStream s, Chunk chunk, Context ctx, Collector<AudioWindow> out) {
        WindowAssembler.Result r = assembler.append(s, chunk);
        s.nextSequence = chunk.sequenceNumber + 1;
        if (r.rejectCode != null) {
            reject(ctx, chunk, r.rejectCode, r.rejectReason);
        } else {
            chunksAccepted.inc();
        }
        gapsFilled.inc(r.gapsFilled);
        segmentsEnded.inc(r.segmentsEnded);
        overlapsTrimmed.inc(r.overlapsTrimmed);
        for (AudioWindow w : r.windows) {
            windowsAssembled.inc();
            out.collect(w);
        }
    }

    private int pendingCount() throws Exception {
        int n = 0;
        for (Long ignored : pending.keys()) {
            n++;
        }
        return n;
    }

    private static void reject(Context ctx, Chunk chunk, String code, String reason) {
        Rejection r = Rejection.of(chunk.sourceTopic, STAGE, code, "recorder " + chunk.recorderId + " chunk "
                + chunk.sequenceNumber + ": " + reason).at(chunk.sourcePartition, chunk.sourceOffset)
                .forRecorder(chunk.recorderId);
        ctx.output(REJECTED, r);
    }
}
