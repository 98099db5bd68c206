package io.chorus.testsupport.waits;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting for a named condition (Awaitility underneath): a timeout fails with what was awaited and for how long. */
public final class Waits {

    private Waits() {
    }

    /** Polls {@code done} every 100 ms until it holds. @throws AssertionError naming {@code what} when {@code timeout} passes first */
    public static void until(String what, Duration timeout, BooleanSupplier done) {
        try {
            Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(100)).pollDelay(Duration.ZERO)
                    .until(done::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what, e);
        }
    }
}
