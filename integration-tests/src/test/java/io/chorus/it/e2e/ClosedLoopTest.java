package io.chorus.it.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closed loop on the embedded Kafka broker and Schema Registry (always runs). */
class ClosedLoopTest {

    @Test
    void fleetToDetectionsToReviewToRetrainingToTheSwap(@TempDir Path dir) throws Exception {
        ClosedLoopScenario.run(ClosedLoopScenario.settings(dir, null, null));
    }
}
