package io.chorus.stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.release.ReleaseCheck;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.inference.Decisions;
import io.chorus.stream.inference.InferenceService;
import io.chorus.stream.inference.InferenceSettings;
import io.chorus.stream.inference.ServingModels;
import io.chorus.stream.job.JobFixtures;
import io.chorus.stream.windows.AudioWindow;
import io.chorus.testsupport.models.TestReleases;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Model releases in Flink's broadcast operator harness, with real (small) models. */
class TrackModelReleasesTest {

    static final String LINE = JobFixtures.MODEL;
    static ModelArtifact v1;
    static ModelArtifact v2;

    BroadcastOperatorTestHarness<AudioWindow, ReleaseInput, AudioWindow> harness;

    @BeforeAll
    static void models() {
        v1 = TestReleases.untrained(JobFixtures.LABELS);
        v2 = TestReleases.untrained(JobFixtures.LABELS);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static final ServingModels MODELS = new ServingModels(new InferenceSettings(4, 5, 1, "cpu", 1), Decisions.none());

    static BroadcastOperatorTestHarness<AudioWindow, ReleaseInput, AudioWindow> harness(int maxWaiting) throws Exception {
        TrackModelReleases f = new TrackModelReleases(LINE, maxWaiting, MODELS);
        return new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(f, List.of(TrackModelReleases.SERVING)),
                1, 1, 0);
    }

    static ReleaseInput checked(int version, ModelArtifact artifact) throws Exception {
        return ReleaseInput.accepted(ServingRelease.of(ReleaseCheck.check(TestReleases.release(LINE, version, artifact))));
    }

    static AudioWindow window(long second) {
        AudioWindow w = new AudioWindow();
        w.recorderId = "r";
        w.siteId = "s";
        w.startMicros = second * 1_000_000L;
        w.endMicros = w.startMicros + 3_000_000L;
        w.windowId = AudioWindow.idOf("r", w.startMicros);
        w.sampleRateHz = 16_000;
        w.pcm = new byte[4 * 48_000];
        return w;
    }

    void window(long second, BroadcastOperatorTestHarness<AudioWindow, ReleaseInput, AudioWindow> h) throws Exception {
        h.processElement(new StreamRecord<>(window(second)));
    }

    List<Long> out() {
        List<Long> seconds = new ArrayList<>();
        for (AudioWindow w : harness.extractOutputValues()) {
            seconds.add(w.startMicros / 1_000_000L);
        }
        return seconds;
    }

    ServingRelease serving() throws Exception {
        return harness.getBroadcastState(TrackModelReleases.SERVING).get("serving");
    }

    @Test
    void windowsWaitForTheFirstModelUpToTheLimitThenFlowInOrder() throws Exception {
        harness = harness(2);
        harness.open();
        window(1, harness);
        window(2, harness);
        window(3, harness);
        assertThat(out()).isEmpty();
        Queue<StreamRecord<Rejection>> dropped = harness.getSideOutput(TrackModelReleases.REJECTED);
        assertThat(dropped).hasSize(1);
        assertThat(dropped.peek().getValue().reasonCode).isEqualTo("NO_MODEL");
        assertThat(dropped.peek().getValue().reason).contains("r/1000000");
        // It must also be writable to the dead-letter topic (its schema has no null source topic).
        assertThat(dropped.peek().getValue().toAvro().getSourceTopic()).isEqualTo("audio.chunks");

        harness.processBroadcastElement(new StreamRecord<>(checked(1, v1)));
        assertThat(out()).containsExactly(2L, 3L);
        window(4, harness);
        assertThat(out()).containsExactly(2L, 3L, 4L);
        assertThat(serving().version).isEqualTo(1);
    }

    @Test
    void aBadReleaseIsRejectedAndThePreviousModelKeepsServing() throws Exception {
        harness = harness(10);
        harness.open();
        harness.processBroadcastElement(new StreamRecord<>(checked(1, v1)));
        harness.processBroadcastElement(new StreamRecord<>(ReleaseInput.rejected(LINE, 2, "CHECKSUM_MISMATCH", "bad")));
        List<String> six = new ArrayList<>(JobFixtures.LABELS);
        six.add("RHIICT");
        byte[] wrongHead = JobFixtures.withManifestLabels(v2.toBytes(), six);
        harness.processBroadcastElement(new StreamRecord<>(ReleaseInput.accepted(ServingRelease.of(ReleaseCheck.check(
                TestReleases.release(LINE, 3, wrongHead, ModelArtifact.fromBytes(wrongHead).manifest()))))));
        ReleaseInput otherLine = checked(4, v2);
        otherLine.modelName = "other-line";
        harness.processBroadcastElement(new StreamRecord<>(otherLine));
        assertThat(serving().version).isEqualTo(1);

        harness.processBroadcastElement(new StreamRecord<>(checked(5, v2)));
        harness.processBroadcastElement(new StreamRecord<>(checked(4, v1))); // older: ignored
        assertThat(serving().version).isEqualTo(5);
        window(1, harness);
        assertThat(out()).containsExactly(1L);
    }

    @Test
    void aRestoredJobServesTheCheckpointedModelBeforeItsFirstWindow() throws Exception {
        harness = harness(10);
        harness.open();
        harness.processBroadcastElement(new StreamRecord<>(checked(1, v1)));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(10); // a new job id, so a new (empty) inference service, as on a new task manager
        harness.initializeState(snapshot);
        harness.open();
        // Installed at open: windows the async classifier restores as in flight are scored before any new one arrives here.
        InferenceService service = MODELS.acquire(harness.getEnvironment().getJobID().toString());
        try {
            assertThat(service.serving()).as("the model the job's inference service serves right after open").isNotNull();
            assertThat(service.serving().version).isEqualTo(1);
        } finally {
            ServingModels.release(service);
        }
        window(7, harness);
        assertThat(out()).containsExactly(7L);
        assertThat(serving().version).isEqualTo(1);
    }
}
