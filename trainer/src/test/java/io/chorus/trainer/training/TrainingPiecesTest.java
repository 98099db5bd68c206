package io.chorus.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.trainer.data.LabeledClip;
import io.chorus.schemas.ops.ProgressBar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingPiecesTest {

    @Test
    void validationIsCarvedByRecordingNeverByClip() {
        List<LabeledClip> clips = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            for (int c = 0; c < 5; c++) {
                clips.add(new LabeledClip("rec" + r + "_" + c, "rec" + r, "S", "train", new float[1], new int[1]));
            }
        }
        Splits.Split split = Splits.byRecording(clips, 0.2, 3);
        Set<String> trainRecordings = new HashSet<>(split.train().stream().map(LabeledClip::recording).toList());
        Set<String> valRecordings = new HashSet<>(split.validation().stream().map(LabeledClip::recording).toList());
        assertThat(trainRecordings).doesNotContainAnyElementsOf(valRecordings);
        assertThat(valRecordings).hasSize(4);
        assertThat(split.train().size() + split.validation().size()).isEqualTo(100);
        assertThat(Splits.byRecording(clips, 0.2, 3)).isEqualTo(split);
        assertThatThrownBy(() -> Splits.byRecording(clips.subList(0, 5), 0.2, 1)).hasMessageContaining("2 recordings");
    }

    @Test
    void specAugmentShiftsCircularlyAndMasksWithinItsLimits() {
        int mels = 40;
        int frames = 100;
        float[] f = new float[mels * frames];
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                f[m * frames + t] = 1 + t; // every cell non-zero, the frame index readable
            }
        }
        SpecAugment.apply(f, 1, mels, frames, new Random(4));
        int zeroRows = 0;
        for (int m = 0; m < mels; m++) {
            boolean allZero = true;
            for (int t = 0; t < frames; t++) {
                allZero &= f[m * frames + t] == 0;
            }
            zeroRows += allZero ? 1 : 0;
        }
        assertThat(zeroRows).isLessThanOrEqualTo(SpecAugment.FREQUENCY_MASKS * SpecAugment.MAX_FREQUENCY_WIDTH);
        // In an unmasked row, consecutive surviving cells still count up by one modulo the length: a rotation.
        int row = -1;
        for (int m = 0; m < mels && row < 0; m++) {
            if (f[m * frames] != 0 || f[m * frames + 1] != 0) {
                row = m;
            }
        }
        int pairs = 0;
        for (int t = 0; t + 1 < frames; t++) {
            float a = f[row * frames + t];
            float b = f[row * frames + t + 1];
            if (a != 0 && b != 0) {
                assertThat(b == a + 1 || (a == frames && b == 1)).as("cells %d,%d: %s %s", t, t + 1, a, b).isTrue();
                pairs++;
            }
        }
        assertThat(pairs).isGreaterThan(frames - 1 - SpecAugment.TIME_MASKS * (SpecAugment.MAX_TIME_WIDTH + 1));
    }

    @Test
    void thresholdsAreTunedPerClassOnValidation() {
        float[][] scores = {{0.3f, 0.9f}, {0.35f, 0.2f}, {0.1f, 0.8f}, {0.05f, 0.1f}};
        int[][] labels = {{1, 1}, {1, 0}, {0, 1}, {0, 0}};
        float[] t = ThresholdTuner.tune(scores, labels, 2);
        assertThat(t[0]).isBetween(0.1f, 0.3f); // catches both positives (0.30, 0.35), not the 0.10 negative
        assertThat(t[1]).isBetween(0.2f, 0.8f);
        assertThat(ThresholdTuner.tune(scores, new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}, 2)).containsExactly(0.5f, 0.5f);
    }

    @Test
    void theProgressLineShowsCountRateAndEta() {
        ProgressBar bar = new ProgressBar(System.out, "epoch 1/3", 200, "batches").suffix("loss 0.1234");
        String line = bar.render(50, 10.0);
        assertThat(line).contains("epoch 1/3").contains("50/200 batches").contains("5.0 batches/s").contains("ETA 00:30")
                .contains("loss 0.1234").contains("[######..................]");
    }

    @Test
    void cosineScheduleFallsFromTheBaseToZeroOverTheEpochs() {
        EpochCosine cosine = new EpochCosine(0.01f, 4);
        cosine.setEpoch(0);
        assertThat(cosine.value()).isEqualTo(0.01f);
        cosine.setEpoch(2);
        assertThat(cosine.value()).isCloseTo(0.005f, org.assertj.core.data.Offset.offset(1e-7f));
        cosine.setEpoch(4);
        assertThat(cosine.value()).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-7f));
    }
}
