package io.chorus.stream.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The last step before the DLQ passes every rejection through unchanged, in order, whatever its reason. */
class CountRejectionsTest {

    @Test
    void everyRejectionReachesTheDeadLetterSinkUnchanged() throws Exception {
        try (OneInputStreamOperatorTestHarness<Rejection, Rejection> h = new OneInputStreamOperatorTestHarness<>(
                new StreamMap<>(new CountRejections()))) {
            h.open();
            Rejection a = Rejection.of("audio.chunks", "s", ReasonCodes.EMPTY_CHUNK, "a").forRecorder("r1");
            Rejection b = Rejection.of("audio.chunks", "s", ReasonCodes.EMPTY_CHUNK, "b").forRecorder("r2");
            Rejection c = Rejection.of("models", "s", ReasonCodes.NO_MODEL, "c");
            h.processElement(a, 1);
            h.processElement(b, 2);
            h.processElement(c, 3);
            assertThat(h.extractOutputValues()).usingRecursiveFieldByFieldElementComparator().containsExactly(a, b, c);
        }
    }
}
