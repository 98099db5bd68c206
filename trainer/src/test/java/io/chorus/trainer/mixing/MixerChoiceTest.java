package io.chorus.trainer.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MixerChoiceTest {

    @Test
    void autoPicksByTrainingClipsAndSaysWhy() {
        MixerChoice small = MixerChoice.of("auto", MixerChoice.AUTO_MIX2_FROM_CLIPS - 1);
        MixerChoice large = MixerChoice.of("AUTO", MixerChoice.AUTO_MIX2_FROM_CLIPS);
        assertThat(small.mixer()).isEqualTo("none");
        assertThat(small.reason()).contains("--mix auto").contains("fewer than");
        assertThat(large.mixer()).isEqualTo("mix2");
        assertThat(large.reason()).contains("at least");
    }

    @Test
    void aNamedMixerIsTakenAsGivenAndAutoNeverReachesTheBuilder() {
        assertThat(MixerChoice.of("manifold", 10)).isEqualTo(new MixerChoice("manifold", "--mix manifold"));
        assertThatThrownBy(() -> Mixer.named("auto")).hasMessageContaining("MixerChoice");
        assertThatThrownBy(() -> Mixer.named("cutmix")).hasMessageContaining("auto").hasMessageContaining("cutmix");
    }
}
