package io.chorus.stream.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.deadletter.ReasonCodes;
import io.chorus.stream.deadletter.Rejection;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The validation step in Flink's harness: good chunks on, unreadable and invalid ones to the side output, in order. */
class ValidateChunksTest {

    @Test
    void goodChunksGoOnAndEveryOtherRecordGoesToTheRejectedOutput() throws Exception {
        try (OneInputStreamOperatorTestHarness<ChunkInput, Chunk> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ValidateChunks(ChunkLimits.defaults()))) {
            ChunkInput good = ChunkValidatorTest.chunk(1, 100);
            good.startMicros = System.currentTimeMillis() * 1000;
            ChunkInput unreadable = ChunkInput.unreadable(Rejection.of("audio.chunks", "source", ReasonCodes.UNKNOWN_MAGIC_BYTE,
                    "first byte 0x41, not 0x00").at(0, 5));
            ChunkInput invalid = ChunkValidatorTest.chunk(1, 100);
            invalid.channels = 0;
            h.processElement(good, 1);
            h.processElement(unreadable, 2);
            h.processElement(invalid, 3);

            assertThat(h.extractOutputValues()).extracting(c -> c.recorderId + "#" + c.sequenceNumber).containsExactly("rec-1#7");
            List<Rejection> rejected = h.getSideOutput(ValidateChunks.REJECTED).stream().map(StreamRecord::getValue).toList();
            assertThat(rejected).extracting(r -> r.reasonCode + " @" + r.sourceOffset)
                    .containsExactly(ReasonCodes.UNKNOWN_MAGIC_BYTE + " @5", ReasonCodes.UNSUPPORTED_CHANNELS + " @42");
        }
    }
}
