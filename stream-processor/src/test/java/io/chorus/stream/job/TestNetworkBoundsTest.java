package io.chorus.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.testsupport.models.TestReleases;
import org.junit.jupiter.api.Test;

/**
 * The job tests read threshold 0 as "always detected" and 1 as "never": that holds only while the
 * untrained test network's scores stay off 0 and 1, which {@link TestReleases#untrained} arranges by
 * bounding its logits on probe audio. Checked here over several draws on the fixtures' own audio.
 */
class TestNetworkBoundsTest {

    @Test
    void untrainedTestNetworksKeepTheirScoresOffZeroAndOne() {
        float bound = TestReleases.PROBE_LOGIT_BOUND;
        for (int draw = 0; draw < 5; draw++) {
            ModelArtifact network = TestReleases.untrained(JobFixtures.LABELS);
            try (WindowClassifier classifier = new WindowClassifier(network, Device.cpu())) {
                float largestProbeLogit = 0;
                int rate = classifier.features().sampleRateHz();
                for (float[] score : classifier.scores(TestReleases.probeClips(rate, classifier.features().windowSamples()))) {
                    for (float s : score) {
                        largestProbeLogit = Math.max(largestProbeLogit, (float) Math.abs(Math.log(s / (1 - s))));
                    }
                }
                assertThat(largestProbeLogit).as("draw %d: largest logit on the probe clips", draw)
                        .isCloseTo(bound, org.assertj.core.data.Offset.offset(0.01f));
                for (int recorder = 100; recorder < 104; recorder++) {
                    float[] audio = JobFixtures.recorderAudio(recorder, 12);
                    for (int second = 0; second < 10; second++) {
                        for (float s : JobFixtures.offlineScores(classifier, audio, second * 1_000_000L)) {
                            assertThat(s).as("draw %d, recorder %d, window at %d s", draw, recorder, second).isBetween(0.001f, 0.999f);
                        }
                    }
                }
            }
        }
    }
}
