package io.chorus.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeatureConfigTest {

    @Test
    void defaultsAreTheRecipes() {
        FeatureConfig c = FeatureConfig.defaults();
        assertThat(c.windowSamples()).isEqualTo(48_000);
        assertThat(c.frames()).isEqualTo(376);
        assertThat(c.frequencyBins()).isEqualTo(257);
    }

    @Test
    void survivesTheReleaseRecordAndRefusesWhatItCannotCompute() {
        FeatureConfig c = FeatureConfig.defaults();
        assertThat(FeatureConfig.fromAvro(c.toAvro())).isEqualTo(c);

        var slaney = c.toAvro();
        slaney.setMelScale("slaney");
        assertThatThrownBy(() -> FeatureConfig.fromAvro(slaney)).hasMessageContaining("mel scale 'slaney'");
        var frames = c.toAvro();
        frames.setFrames(400);
        assertThatThrownBy(() -> FeatureConfig.fromAvro(frames)).hasMessageContaining("frames 400");
        assertThatThrownBy(() -> new FeatureConfig(16_000, 3, 1, 500, 128, 128, 0, 8_000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new FeatureConfig(16_000, 3, 1, 512, 128, 128, 0, 9_000)).hasMessageContaining("Nyquist");
    }
}
