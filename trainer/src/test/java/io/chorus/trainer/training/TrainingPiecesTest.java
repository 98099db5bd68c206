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
        SpecAugment.apply(SpecAugment.Mode.PER_EXAMPLE, f, 1, mels, frames, new Random(4));
        int zeroRows = 0;
        for (int m = 0; m < mels; m++) {
            boolean allZero = true;
            for (int t = 0; t < frames; t++) {
                allZero &= f[m * frames + t] == 0;
            }
            zeroRows += allZero ? 1 : 0;
        }
        assertThat(zeroRows).isLessThanOrEqualTo(SpecAugment.FREQUENCY_MASKS * SpecAugment.maxFrequencyWidth(mels));
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
        assertThat(pairs).isGreaterThan(frames - 1 - SpecAugment.TIME_MASKS * (SpecAugment.maxTimeWidth(frames) + 1));
    }

    @Test
    void specAugmentMasksTheRecipesShareOfTheInputAtEverySize() {
        // The recipe's masking, written out with its literal widths (3 masks ≤ 10 bands, 6 masks ≤ 30 frames) at its 128 × 376.
        double recipe = fixedWidthShare(128, 376, 10, 30);
        assertThat(recipe).isBetween(0.25, 0.33);
        assertThat(maskedShare(SpecAugment.Mode.PER_BATCH, 128, 376)).isCloseTo(recipe, org.assertj.core.data.Offset.offset(0.03));
        assertThat(maskedShare(SpecAugment.Mode.PER_BATCH, 64, 188)).isCloseTo(recipe, org.assertj.core.data.Offset.offset(0.03));
        assertThat(maskedShare(SpecAugment.Mode.PER_EXAMPLE, 64, 188)).isCloseTo(recipe, org.assertj.core.data.Offset.offset(0.03));
        // What fixed widths in bins did at the benchmark's 64 × 188: far more than the recipe's share.
        assertThat(fixedWidthShare(64, 188, 10, 30)).isGreaterThan(recipe + 0.1);
    }

    @Test
    void perBatchMasksEveryExampleAlikeAndPerExampleDoesNot() {
        int mels = 32;
        int frames = 94;
        for (SpecAugment.Mode mode : new SpecAugment.Mode[] {SpecAugment.Mode.PER_BATCH, SpecAugment.Mode.PER_EXAMPLE}) {
            float[] f = new float[8 * mels * frames];
            java.util.Arrays.fill(f, 1f);
            SpecAugment.apply(mode, f, 8, mels, frames, new Random(11));
            boolean alike = true;
            for (int b = 1; b < 8; b++) {
                alike &= java.util.Arrays.equals(f, 0, mels * frames, f, b * mels * frames, (b + 1) * mels * frames);
            }
            assertThat(alike).as(mode.id()).isEqualTo(mode == SpecAugment.Mode.PER_BATCH);
        }
        float[] untouched = new float[mels * frames];
        java.util.Arrays.fill(untouched, 1f);
        SpecAugment.apply(SpecAugment.Mode.OFF, untouched, 1, mels, frames, new Random(1));
        assertThat(untouched).containsOnly(1f);
        assertThat(SpecAugment.Mode.parse("per-batch")).isEqualTo(SpecAugment.Mode.PER_BATCH);
        assertThatThrownBy(() -> SpecAugment.Mode.parse("sometimes")).hasMessageContaining("off, per-batch or per-example");
    }

    /** Share of cells SpecAugment zeroes, over many draws of a batch of ones. */
    private static double maskedShare(SpecAugment.Mode mode, int mels, int frames) {
        Random rng = new Random(5);
        long zeros = 0;
        long cells = 0;
        for (int draw = 0; draw < 400; draw++) {
            float[] f = new float[4 * mels * frames];
            java.util.Arrays.fill(f, 1f);
            SpecAugment.apply(mode, f, 4, mels, frames, rng);
            for (float v : f) {
                zeros += v == 0 ? 1 : 0;
            }
            cells += f.length;
        }
        return (double) zeros / cells;
    }

    /** The same masking with fixed widths in bins and frames (the recipe's code, or this project before issue 17). */
    private static double fixedWidthShare(int mels, int frames, int maxBands, int maxFrames) {
        Random rng = new Random(6);
        long masked = 0;
        int draws = 4000;
        for (int draw = 0; draw < draws; draw++) {
            boolean[] band = new boolean[mels];
            boolean[] frame = new boolean[frames];
            for (int k = 0; k < 3; k++) {
                int w = rng.nextInt(Math.min(maxBands, mels) + 1);
                int s = rng.nextInt(mels - w + 1);
                java.util.Arrays.fill(band, s, s + w, true);
            }
            for (int k = 0; k < 6; k++) {
                int w = rng.nextInt(Math.min(maxFrames, frames) + 1);
                int s = rng.nextInt(frames - w + 1);
                java.util.Arrays.fill(frame, s, s + w, true);
            }
            long b = 0;
            long t = 0;
            for (boolean x : band) {
                b += x ? 1 : 0;
            }
            for (boolean x : frame) {
                t += x ? 1 : 0;
            }
            masked += b * frames + t * mels - b * t;
        }
        return (double) masked / ((long) draws * mels * frames);
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
