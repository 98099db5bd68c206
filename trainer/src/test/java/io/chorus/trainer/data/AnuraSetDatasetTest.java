package io.chorus.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.audio.synthetic.AnuraSetLayoutWriter;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import io.chorus.model.features.FeatureConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on a fixture the generator writes in the test, with damaged files planted in it. */
class AnuraSetDatasetTest {

    @TempDir
    static Path root;
    static int written;
    static List<String> meta;

    @BeforeAll
    static void writeFixture() throws Exception {
        ChorusConfig d = ChorusConfig.defaults();
        ChorusGenerator g = new ChorusGenerator(new ChorusConfig(8, d.sites(), new ChorusConfig.Recordings(4, 9.0, 22_050),
                new ChorusConfig.Clips(3.0, 3.0), 0.25, new ChorusConfig.Snr(-6, 24), d.species()));
        written = AnuraSetLayoutWriter.write(g, root, n -> { });
        meta = Files.readAllLines(root.resolve("metadata.csv"));
    }

    private static Path fileOf(int row) {
        String[] cells = meta.get(row).split(",");
        return root.resolve("audio").resolve(cells[4]).resolve(cells[0] + ".wav");
    }

    @Test
    void readsEveryClipResampledToOneWindowWithItsLabels() throws Exception {
        SkipReport skips = new SkipReport(false);
        AnuraSetDataset data = AnuraSetDataset.load(root, "anuraset", FeatureConfig.defaults(), skips, (done, total) -> { });
        assertThat(skips.total()).isZero();
        assertThat(skips.summary()).isEqualTo("skip report: nothing skipped");
        assertThat(data.species()).hasSize(42);
        assertThat(data.clips()).hasSize(written);
        assertThat(data.clips()).allSatisfy(c -> assertThat(c.audio()).hasSize(48_000));
        LabeledClip first = data.clips().get(0);
        String[] cells = meta.get(1).split(",");
        for (int k = 0; k < 42; k++) {
            assertThat(first.labels()[k]).isEqualTo(Integer.parseInt(cells[8 + k]));
        }
        assertThat(data.subset("train").size() + data.subset("test").size()).isEqualTo(written);
        assertThat(data.fingerprint()).hasSize(64);
    }

    @Test
    void variantsDropTheAbsentClassesAndEmptyClips() throws Exception {
        AnuraSetDataset n36 = AnuraSetDataset.load(root, "anuraset36n", FeatureConfig.defaults(), new SkipReport(false), (done, total) -> { });
        AnuraSetDataset a36 = AnuraSetDataset.load(root, "anuraset36", FeatureConfig.defaults(), new SkipReport(false), (done, total) -> { });
        assertThat(n36.species()).hasSize(36).doesNotContain("SCIFUS", "LEPELE");
        assertThat(n36.clips()).hasSize(written);
        assertThat(a36.clips()).allSatisfy(c -> assertThat(c.speciesPresent()).isPositive());
        assertThat(a36.clips().size()).isLessThanOrEqualTo(written);
        assertThatThrownBy(() -> AnuraSetDataset.load(root, "anuraset99", FeatureConfig.defaults(), new SkipReport(false), (done, total) -> { }))
                .hasMessageContaining("anuraset99");
    }

    @Test
    void damagedFilesAreSkippedNamedAndCountedAndStrictModeStops(@TempDir Path copy) throws Exception {
        // A copy of the fixture with one file of each kind of damage.
        for (String line : meta.subList(1, meta.size())) {
            String[] c = line.split(",");
            Path target = copy.resolve("audio").resolve(c[4]).resolve(c[0] + ".wav");
            Files.createDirectories(target.getParent());
            Files.copy(root.resolve("audio").resolve(c[4]).resolve(c[0] + ".wav"), target);
        }
        Files.copy(root.resolve("metadata.csv"), copy.resolve("metadata.csv"));
        Path base = copy.resolve("audio");
        Files.delete(base.resolve(root.relativize(fileOf(1)).subpath(1, 3)));                                    // missing
        Path truncated = base.resolve(root.relativize(fileOf(2)).subpath(1, 3));
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));                                // truncated
        WavCodec.write16(base.resolve(root.relativize(fileOf(3)).subpath(1, 3)), new WavAudio(22_050, 2, new float[66_150 * 2])); // stereo
        WavCodec.write16(base.resolve(root.relativize(fileOf(4)).subpath(1, 3)), new WavAudio(22_050, 1, new float[22_050]));     // 1 s
        Files.writeString(base.resolve(root.relativize(fileOf(5)).subpath(1, 3)), "not audio");                 // not WAV

        SkipReport skips = new SkipReport(false);
        AnuraSetDataset data = AnuraSetDataset.load(copy, "anuraset", FeatureConfig.defaults(), skips, (done, total) -> { });

        assertThat(data.clips()).hasSize(written - 5);
        assertThat(skips.counts()).containsEntry("MISSING_FILE", 1).containsEntry("TRUNCATED", 1).containsEntry("WRONG_CHANNELS", 1)
                .containsEntry("TOO_SHORT", 1).containsEntry("NOT_WAV", 1);
        assertThat(skips.summary()).contains("5 file(s) skipped").contains(meta.get(1).split(",")[0] + ".wav");
        assertThatThrownBy(() -> AnuraSetDataset.load(copy, "anuraset", FeatureConfig.defaults(), new SkipReport(true), (done, total) -> { }))
                .hasMessageContaining("strict mode").hasMessageContaining("MISSING_FILE");
    }
}
