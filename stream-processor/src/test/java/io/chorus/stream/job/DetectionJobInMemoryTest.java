package io.chorus.stream.job;

import static io.chorus.stream.job.JobFixtures.LABELS;
import static io.chorus.stream.job.JobFixtures.MODEL;
import static io.chorus.stream.job.JobFixtures.RATE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.release.ReleaseCheck;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.stream.alerts.Alert;
import io.chorus.stream.chunks.ChunkInput;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.inference.Decisions;
import io.chorus.stream.inference.ScoredWindow;
import io.chorus.stream.models.ReleaseInput;
import io.chorus.stream.models.ServingRelease;
import io.chorus.stream.review.ReviewSample;
import io.chorus.stream.review.ReviewSettings;
import io.chorus.testsupport.flink.CollectingSink;
import io.chorus.testsupport.flink.InMemorySource;
import io.chorus.testsupport.models.TestReleases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole detection job on a Flink MiniCluster with in-memory sources and sinks: no broker, so
 * it runs in seconds and says whether the wiring and the functions work before the Kafka test
 * ({@link DetectionJobTest}) says whether the connectors do. Two recorders at two sites, one release,
 * one unusable chunk; the job runs to the end of its bounded input.
 */
class DetectionJobInMemoryTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long SECOND = 1_000_000L;

    @Test
    void scoresEveryWindowOnceRaisesAlertsSamplesForReviewAndDeadLettersBadChunks() throws Exception {
        ModelArtifact v1 = TestReleases.untrained(LABELS);
        long t0 = DetectionJobTest.alignedStart();
        Map<String, float[]> audio = Map.of("rec-0", JobFixtures.recorderAudio(100, 6), "rec-1", JobFixtures.recorderAudio(101, 6));
        // Recorder by recorder, 7 records each: at parallelism 2 the source's two readers take contiguous
        // halves of the list, so each reader plays one recorder in order.
        List<ChunkInput> chunks = new ArrayList<>();
        for (String recorder : List.of("rec-0", "rec-1")) {
            for (int s = 0; s < 6; s++) {
                chunks.add(input(chunk(recorder, s, t0, audio), s));
            }
        }
        chunks.add(6, input(JobFixtures.chunk("rec-0", "site-0", 6, t0 + 6 * SECOND, audio.get("rec-0"), 0, 0), 6)); // no audio
        chunks.add(input(chunk("rec-1", 5, t0, audio), 13)); // sent twice
        ReleaseInput release = ReleaseInput.accepted(ServingRelease.of(ReleaseCheck.check(TestReleases.release(MODEL, 1, v1))));

        CollectingSink<ScoredWindow> detections = new CollectingSink<>();
        CollectingSink<Alert> alerts = new CollectingSink<>();
        CollectingSink<ReviewSample> reviews = new CollectingSink<>();
        CollectingSink<Rejection> deadLetters = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DetectionJob.build(env,
                new DetectionJob.Sources(InMemorySource.of(chunks, TypeInformation.of(ChunkInput.class)),
                        InMemorySource.of(List.of(release), TypeInformation.of(ReleaseInput.class))),
                new DetectionJob.Sinks(detections, alerts, reviews, deadLetters),
                // BOAFAB always detected (threshold 0), the others never; every window uncertain, 2 reviews per recorder.
                DetectionJobTest.settings().withDecisions(new Decisions(Map.of("BOAFAB", 0f, "PHYCUV", 1f, "DENMIN", 1f, "SCIPER", 1f,
                                "LEPLAT", 1f), Set.of()))
                        .withReview(new ReviewSettings(0f, 1f, 2, 60)));
        env.execute("detection-job-in-memory");

        // 6 s per recorder, 3 s windows every 1 s: windows start at 0..3 s.
        List<ScoredWindow> scored = detections.collected();
        // Ids, not the windows: a failure message must not print their audio.
        assertThat(scored.stream().map(w -> w.window.recorderId + "@" + (w.window.startMicros - t0) / SECOND).sorted().toList())
                .as("scored windows, each once").containsExactly("rec-0@0", "rec-0@1", "rec-0@2", "rec-0@3", "rec-1@0", "rec-1@1", "rec-1@2", "rec-1@3");
        try (WindowClassifier offline = new WindowClassifier(v1, Device.cpu())) {
            for (ScoredWindow w : scored) {
                assertThat(w.error).isNull();
                assertThat(w.modelVersion).isEqualTo(1);
                long offset = w.window.startMicros - t0;
                assertThat(offset % SECOND).isZero();
                assertThat(offset / SECOND).isBetween(0L, 3L);
                JobFixtures.assertOfflineEqual(w.window.windowId, w.scores,
                        JobFixtures.offlineScores(offline, audio.get(w.window.recorderId), offset));
                assertThat(w.detected(LABELS.indexOf("BOAFAB"))).as("BOAFAB, threshold 0").isTrue();
                assertThat(w.detected(LABELS.indexOf("LEPLAT"))).as("LEPLAT, threshold 1").isFalse();
            }
        }
        // BOAFAB in every window: one alert per site (3 positives within 60 s, then the cooldown).
        assertThat(alerts.collected()).extracting(a -> a.siteId + " " + a.speciesCode)
                .containsExactlyInAnyOrder("site-0 BOAFAB", "site-1 BOAFAB");
        assertThat(reviews.collected().stream().map(r -> r.scored.window.recorderId).toList()).as("review requests by recorder")
                .containsExactlyInAnyOrder("rec-0", "rec-0", "rec-1", "rec-1");
        assertThat(reviews.collected()).allMatch(r -> r.scored.window.pcm.length == 2 * 3 * RATE, "each with its window's 16-bit audio");
        assertThat(deadLetters.collected()).extracting(r -> r.recorderId + " " + r.reasonCode)
                .containsExactlyInAnyOrder("rec-0 EMPTY_CHUNK", "rec-1 DUPLICATE_SEQUENCE");
    }

    static AudioChunk chunk(String recorder, int second, long t0, Map<String, float[]> audio) {
        return JobFixtures.chunk(recorder, "site-" + recorder.charAt(4), second, t0 + second * SECOND, audio.get(recorder),
                second * RATE, RATE);
    }

    static ChunkInput input(AudioChunk chunk, long offset) {
        return ChunkInput.read(chunk).from("audio.chunks", 0, offset, chunk.getRecorderId().getBytes(), null);
    }
}
