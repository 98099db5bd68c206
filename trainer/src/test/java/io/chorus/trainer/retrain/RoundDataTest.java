package io.chorus.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.trainer.data.LabeledClip;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RoundDataTest {

    static List<LabeledClip> clips(String prefix, int recordings, int perRecording, String subset) {
        List<LabeledClip> out = new ArrayList<>();
        for (int r = 0; r < recordings; r++) {
            for (int i = 0; i < perRecording; i++) {
                out.add(new LabeledClip(prefix + r + "-" + i, prefix + "/rec" + r, "site", subset, new float[4], new int[] {1}));
            }
        }
        return out;
    }

    @Test
    void theFrozenShareDependsOnTheRecordingOnlyAndIsAboutTheShareAsked() {
        int in = 0;
        for (int r = 0; r < 2000; r++) {
            boolean a = RoundData.inFrozenHoldOut("rec-" + r + "/2026-11-01T00:00:00Z", 0.2);
            assertThat(RoundData.inFrozenHoldOut("rec-" + r + "/2026-11-01T00:00:00Z", 0.2)).isEqualTo(a);
            in += a ? 1 : 0;
        }
        assertThat(in / 2000.0).isBetween(0.17, 0.23);
        assertThat(RoundData.inFrozenHoldOut("anything", 0.0)).isFalse();
    }

    @Test
    void heldOutRecordingsNeverTrainAndStayHeldOutAsClipsArrive() {
        List<LabeledClip> base = clips("b", 8, 3, "train");
        List<LabeledClip> test = clips("t", 4, 3, "test");
        List<LabeledClip> reviewed = clips("r", 40, 2, "train");
        RoundData first = RoundData.assemble(base, test, reviewed.subList(0, 40), 0.25, 0.25, 2, 1);
        List<LabeledClip> shuffled = new ArrayList<>(reviewed);
        Collections.shuffle(shuffled, new java.util.Random(5));
        RoundData later = RoundData.assemble(base, test, shuffled, 0.25, 0.25, 2, 1);

        Set<String> heldOut = recordings(first.holdOut());
        assertThat(recordings(first.train())).doesNotContainAnyElementsOf(heldOut);
        assertThat(recordings(first.validation())).doesNotContainAnyElementsOf(heldOut);
        assertThat(recordings(later.holdOut())).containsAll(heldOut); // frozen: a later round keeps them out
        assertThat(first.holdOut().subList(0, first.curatedHoldOutSize())).isEqualTo(test);
        assertThat(first.counts().get("reviewedHoldOut")).isPositive();
        // Reviewed training clips appear twice; base clips once.
        long reviewedInTrain = first.train().stream().filter(c -> c.id().startsWith("r")).count();
        assertThat(reviewedInTrain).isEqualTo(2L * first.counts().get("reviewedTrain"));
        assertThat(first.counts().get("reviewedTrain") + first.counts().get("reviewedValidation") + first.counts().get("reviewedHoldOut"))
                .isEqualTo(40);
    }

    @Test
    void reviewedClipsOfASingleRecordingAllTrain() {
        RoundData d = RoundData.assemble(clips("b", 8, 3, "train"), clips("t", 2, 3, "test"), clips("r", 1, 5, "train"), 0.0, 0.25, 1, 1);
        assertThat(d.counts().get("reviewedTrain")).isEqualTo(5);
        assertThat(d.counts().get("reviewedValidation")).isZero();
    }

    static Set<String> recordings(List<LabeledClip> clips) {
        return clips.stream().filter(c -> c.recording().startsWith("r/")).map(LabeledClip::recording).collect(Collectors.toSet());
    }
}
