package io.chorus.stream.inference;

import static io.chorus.stream.job.JobFixtures.LABELS;
import static io.chorus.stream.job.JobFixtures.MODEL;
import static io.chorus.stream.job.JobFixtures.RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.chorus.audio.pcm.PcmSamples;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.release.ReleaseCheck;
import io.chorus.model.release.ReleaseRejectedException;
import io.chorus.stream.job.JobFixtures;
import io.chorus.stream.models.ServingRelease;
import io.chorus.stream.windows.AudioWindow;
import io.chorus.testsupport.models.TestReleases;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job's inference service without Flink: installs, swaps, refusals, scores, and one service per job. */
public class InferenceServiceTest {

    static final ServingModels MODELS = new ServingModels(new InferenceSettings(2, 5, 1, "cpu", 1), Decisions.none());
    static ModelArtifact first;
    static ModelArtifact second;

    @BeforeAll
    static void models() {
        first = TestReleases.untrained(LABELS);
        second = TestReleases.untrained(LABELS);
    }

    static ServingRelease release(int version, ModelArtifact artifact) throws ReleaseRejectedException {
        return ServingRelease.of(ReleaseCheck.check(TestReleases.release(MODEL, version, artifact)));
    }

    @Test
    void twoJobsInOneJvmEachServeTheirOwnModel() throws Exception {
        InferenceService a = MODELS.acquire("job-a");
        InferenceService b = MODELS.acquire("job-b");
        InferenceService aAgain = MODELS.acquire("job-a");
        try {
            assertThat(aAgain).as("a second operator of job a").isSameAs(a);
            assertThat(b).isNotSameAs(a);
            assertThat(a.install(release(1, first))).isTrue();
            assertThat(b.serving()).as("job b before any release of its own").isNull();
            assertThat(b.install(release(3, second))).isTrue();
            assertThat(a.serving().version).isEqualTo(1);
            assertThat(b.serving().version).isEqualTo(3);
        } finally {
            ServingModels.release(aAgain);
            ServingModels.release(a);
            ServingModels.release(b);
        }
        InferenceService fresh = MODELS.acquire("job-a");
        try {
            assertThat(fresh).as("after its last user released it, a job's service is a new one").isNotSameAs(a);
            assertThat(fresh.serving()).isNull();
        } finally {
            ServingModels.release(fresh);
        }
    }

    /** What a test does with one job's service, acquired before and released after. */
    interface OnService {
        void run(InferenceService s) throws Exception;
    }

    static void onJob(String jobKey, OnService body) throws Exception {
        InferenceService s = MODELS.acquire(jobKey);
        try {
            body.run(s);
        } finally {
            ServingModels.release(s);
        }
    }

    @Test
    void scoresAWindowAsTheOfflineClassifierAndKeepsTheNewestRelease() throws Exception {
        onJob("job-scores", s -> {
            assertThat(s.install(release(2, first))).isTrue();
            assertThat(s.install(release(1, second))).as("an older release after a newer one").isFalse();
            assertThat(s.serving().version).isEqualTo(2);

            float[] audio = JobFixtures.recorderAudio(7, 3);
            ScoredWindow scored = s.submit(window("rec-x", audio)).get(60, TimeUnit.SECONDS);
            assertThat(scored.error).isNull();
            assertThat(scored.modelVersion).isEqualTo(2);
            try (WindowClassifier offline = new WindowClassifier(first, Device.cpu())) {
                JobFixtures.assertOfflineEqual("rec-x", scored.scores, JobFixtures.offlineScores(offline, audio, 0));
            }
        });
    }

    @Test
    void aHeadThatDoesNotFitTheLabelsIsRefusedAndThePreviousModelKeepsServing() throws Exception {
        onJob("job-head", s -> {
            s.install(release(1, first));
            ServingRelease wrong = release(2, second);
            wrong.labels = Arrays.copyOf(wrong.labels, 3); // the network still gives 5 scores
            wrong.thresholds = Arrays.copyOf(wrong.thresholds, 3);
            wrong.rare = Arrays.copyOf(wrong.rare, 3);
            assertThatThrownBy(() -> s.install(wrong)).isInstanceOf(ReleaseRejectedException.class)
                    .hasMessageContaining(MODEL + " v2").hasMessageContaining("5 scores for 3 labels")
                    .satisfies(e -> assertThat(((ReleaseRejectedException) e).reasonCode()).isEqualTo("HEAD_MISMATCH"));
            assertThat(s.serving().version).isEqualTo(1);
        });
    }

    public static AudioWindow window(String recorder, float[] audio) {
        AudioWindow w = new AudioWindow();
        w.recorderId = recorder;
        w.siteId = "site";
        w.startMicros = 0;
        w.endMicros = 3_000_000;
        w.windowId = AudioWindow.idOf(recorder, 0);
        w.sampleRateHz = RATE;
        w.pcm = PcmSamples.encode16(Arrays.copyOf(audio, 3 * RATE));
        w.pcmBytesPerSample = 2;
        return w;
    }

}
