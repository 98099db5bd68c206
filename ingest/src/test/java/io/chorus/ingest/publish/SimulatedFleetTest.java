package io.chorus.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedFleetTest {

    static final Instant START = Instant.parse("2026-11-20T21:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theSameSeedPlaysTheSameContinuousChorusWithItsGroundTruth() {
        SimulatedFleet a = new SimulatedFleet(3, 2, 7, START, 16_000);
        SimulatedFleet b = new SimulatedFleet(3, 2, 7, START, 16_000);
        Recording first = a.next(1, 1.0);
        assertThat(first.samples()).containsExactly(b.next(1, 1.0).samples());
        assertThat(a.next(1, 1.0).start()).isEqualTo(START.plusSeconds(1));
        assertThat(first.siteId()).isEqualTo("SIM01");
        assertThat(a.truth()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.start()).isBeforeOrEqualTo(c.end());
            assertThat(c.recorderId()).isEqualTo("sim-001");
        });
    }

    @Test
    void streamsEveryRecorderOncePerSliceOnTheBroker() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
             ChunkPublisher publisher = new ChunkPublisher(stack.clientSettings(), "fleet-test",
                     new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 1_000), new PublisherMetrics(new PrometheusRegistry()))) {
            SimulatedFleet fleet = new SimulatedFleet(4, 2, 3, START, 16_000);
            fleet.play(publisher, 5, 1.0, false);
            for (int r = 0; r < 4; r++) {
                List<AudioChunk> chunks = ChunkPublisherTest.chunksOf(stack.clientSettings(), fleet.recorderId(r), 5);
                assertThat(chunks).extracting(AudioChunk::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L);
                assertThat(chunks.get(4).getStartTime()).isEqualTo(START.plusSeconds(4));
                assertThat(chunks.get(0).getSiteId()).isEqualTo(fleet.siteId(r));
            }
        }
    }
}
