package io.chorus.stream.inference;

import static io.chorus.stream.job.JobFixtures.LABELS;
import static io.chorus.stream.job.JobFixtures.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.release.ReleaseCheck;
import io.chorus.stream.job.JobFixtures;
import io.chorus.stream.models.ServingRelease;
import io.chorus.stream.windows.AudioWindow;
import io.chorus.testsupport.models.TestReleases;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The async scoring step in Flink's harness: scores from the job's serving model, a late answer as a failed window, never a failure. */
class ClassifyWindowsTest {

    static final ServingModels MODELS = new ServingModels(new InferenceSettings(2, 5, 1, "cpu", 1), Decisions.none());

    static OneInputStreamOperatorTestHarness<AudioWindow, ScoredWindow> harness(long timeoutMillis) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(new ClassifyWindows(MODELS), timeoutMillis, 4,
                AsyncDataStream.OutputMode.UNORDERED), TypeInformation.of(AudioWindow.class).createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void scoresWindowsWithTheModelItsJobServes() throws Exception {
        try (OneInputStreamOperatorTestHarness<AudioWindow, ScoredWindow> h = harness(60_000)) {
            h.open();
            // What TrackModelReleases does in the job: install the release on the job's service.
            InferenceService service = MODELS.acquire(h.getEnvironment().getJobID().toString());
            try {
                service.install(ServingRelease.of(ReleaseCheck.check(TestReleases.release(MODEL, 4, TestReleases.untrained(LABELS)))));
                h.processElement(new StreamRecord<>(InferenceServiceTest.window("rec-a", JobFixtures.recorderAudio(3, 3)), 1));
                h.processElement(new StreamRecord<>(InferenceServiceTest.window("rec-b", JobFixtures.recorderAudio(4, 3)), 2));
                h.endInput();
            } finally {
                ServingModels.release(service);
            }
            List<ScoredWindow> out = h.extractOutputValues();
            assertThat(out).extracting(s -> s.window.recorderId + " v" + s.modelVersion + " " + s.error)
                    .containsExactlyInAnyOrder("rec-a v4 null", "rec-b v4 null");
            assertThat(out).allSatisfy(s -> assertThat(s.scores).hasSize(LABELS.size()));
        }
    }

    @Test
    void aWindowNotScoredInTimeComesBackAsAFailedWindow() throws Exception {
        try (OneInputStreamOperatorTestHarness<AudioWindow, ScoredWindow> h = harness(300)) {
            h.open(); // a job with no model installed: the service holds the window, the operator times out
            h.processElement(new StreamRecord<>(InferenceServiceTest.window("rec-c", JobFixtures.recorderAudio(5, 3)), 1));
            h.setProcessingTime(h.getProcessingTime() + 301); // the harness's clock: the operator's timeout fires
            h.endInput();
            assertThat(h.extractOutputValues()).extracting(s -> s.window.recorderId + ": " + s.error)
                    .containsExactly("rec-c: inference did not answer in time");
        }
    }
}
