package io.chorus.stream.chunks;

import io.chorus.stream.deadletter.Rejection;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes readable, well-formed chunks on as decoded {@link Chunk}s; everything else (unreadable
 * at the source, or failing {@link ChunkValidator}) goes to the {@link #REJECTED} side output.
 */
public class ValidateChunks extends ProcessFunction<ChunkInput, Chunk> {

    private static final long serialVersionUID = 1L;
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected-chunks") {
    };

    private final ChunkLimits limits;
    private transient ChunkValidator validator;

    public ValidateChunks(ChunkLimits limits) {
        this.limits = limits;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        validator = new ChunkValidator(limits, System::currentTimeMillis);
    }

    @Override
    public void processElement(ChunkInput in, Context ctx, Collector<Chunk> out) {
        if (in.rejection != null) {
            ctx.output(REJECTED, in.rejection);
            return;
        }
        ChunkValidator.Outcome outcome = validator.check(in);
        if (outcome.chunk() != null) {
            out.collect(outcome.chunk());
        } else {
            ctx.output(REJECTED, outcome.rejection());
        }
    }
}
