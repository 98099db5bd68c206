package io.chorus.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.chorus.audio.synthetic.AnuraSetLayoutWriter;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.data.LabeledClip;
import io.chorus.trainer.data.SkipReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on a tiny synthetic set with a tiny network (CI-sized). */
class MixTrainerTest {

    static final FeatureConfig FEATURES = new FeatureConfig(16_000, 1.0, 1.0, 256, 128, 32, 0, 8_000);
    static final List<String> SPECIES = List.of("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD", "PITAZU", "DENMIN");
    static AnuraSetDataset data;
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @BeforeAll
    static void writeData(@TempDir Path dir) throws Exception {
        ChorusConfig d = ChorusConfig.defaults();
        ChorusGenerator g = new ChorusGenerator(new ChorusConfig(3, d.sites(), new ChorusConfig.Recordings(4, 12.0, 16_000),
                new ChorusConfig.Clips(1.0, 1.0), 0.25, new ChorusConfig.Snr(0, 24), SPECIES));
        AnuraSetLayoutWriter.write(g, dir, n -> { });
        data = AnuraSetDataset.load(dir, "anuraset", FEATURES, new SkipReport(true), (done, total) -> { });
    }

    static TrainConfig config(String mixer, long seed) {
        return new TrainConfig(Architecture.small(0.25), FEATURES, new TrainConfig.Mix(mixer, io.chorus.trainer.mixing.MixerSettings.defaults()),
                new TrainConfig.Optimization(2, 16, 1e-2f, 0.01f), new TrainConfig.Regime(SpecAugment.Mode.PER_EXAMPLE, true), seed, 0.25,
                Device.cpu());
    }

    @Test
    void aSeedMakesTheRunRepeatableAndEveryMixerTrains() {
        Splits.Split split = Splits.byRecording(data.subset("train"), 0.25, 1);
        MixTrainer.Result first;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            first = MixTrainer.train(config("mix2", 5), SPECIES, split.train(), split.validation(), m, QUIET, null);
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MixTrainer.Result again = MixTrainer.train(config("mix2", 5), SPECIES, split.train(), split.validation(), m, QUIET, null);
            assertThat(again.epochs()).extracting(MixTrainer.EpochLog::trainLoss)
                    .isEqualTo(first.epochs().stream().map(MixTrainer.EpochLog::trainLoss).toList());
            assertThat(again.bestEpoch()).isEqualTo(first.bestEpoch());
        }
        assertThat(first.epochs()).hasSize(2).allSatisfy(e -> assertThat(e.trainLoss()).isFinite().isPositive());
        assertThat(first.thresholds()).hasSize(SPECIES.size());
        for (String mixer : List.of("none", "mixup", "manifold", "multimix")) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                MixTrainer.Result r = MixTrainer.train(config(mixer, 5), SPECIES, split.train(), split.validation(), m, QUIET, null);
                assertThat(r.epochs()).as(mixer).allSatisfy(e -> assertThat(e.trainLoss()).isFinite());
            }
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingStepMixerAndBatch() {
        List<LabeledClip> poisoned = new ArrayList<>(data.subset("train"));
        float[] nan = new float[FEATURES.windowSamples()];
        java.util.Arrays.fill(nan, Float.NaN);
        for (int i = 0; i < poisoned.size(); i++) {
            LabeledClip c = poisoned.get(i);
            poisoned.set(i, new LabeledClip(c.id(), c.recording(), c.site(), c.subset(), nan, c.labels()));
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertThatThrownBy(() -> MixTrainer.train(config("none", 1), SPECIES, poisoned, data.subset("test"), m, QUIET, null))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("epoch 1, step 1").hasMessageContaining("mixer none")
                    .hasMessageContaining(poisoned.get(0).recording());
        }
    }

    @Test
    void featuresComputedOnceMatchEachClipsOwnAndAreSkippedWhenTheyDoNotFit() {
        List<LabeledClip> clips = data.subset("train").subList(0, 10);
        int cells = FEATURES.nMels() * FEATURES.frames();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             io.chorus.model.features.LogMelFrontEnd frontEnd = new io.chorus.model.features.LogMelFrontEnd(FEATURES, m)) {
            // Batches of 4 (the last one 2 clips): each clip's cells equal its log-mel computed alone.
            float[] all = MixTrainer.logMels(frontEnd, clips, 4, m, QUIET, Long.MAX_VALUE);
            assertThat(all).hasSize(clips.size() * cells);
            for (int i = 0; i < clips.size(); i++) {
                float[] alone = frontEnd.apply(m.create(clips.get(i).audio(), new ai.djl.ndarray.types.Shape(1, FEATURES.windowSamples())))
                        .toFloatArray();
                assertThat(java.util.Arrays.copyOfRange(all, i * cells, (i + 1) * cells))
                        .as("clip %d", i).containsExactly(alone, org.assertj.core.data.Offset.offset(1e-5f)); // batched vs single GEMM may round differently on other CPUs
            }
            // Over the budget: no cache, each batch computes its own.
            assertThat(MixTrainer.logMels(frontEnd, clips, 4, m, QUIET, (long) clips.size() * cells * Float.BYTES - 1)).isNull();
        }
    }
}
