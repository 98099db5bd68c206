package io.chorus.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The device decision, forced both ways; this machine has no GPU, so the GPU branch is exercised here. */
class DeviceChoiceTest {

    @Test
    void autoPrefersAVisibleGpu() {
        assertThat(DeviceChoice.AUTO.decide(1)).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.AUTO.decide(0)).isEqualTo(Device.cpu());
    }

    @Test
    void cpuIsCpuAndGpuWithoutOneFailsSayingWhatToInstall() {
        assertThat(DeviceChoice.CPU.decide(4)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.GPU.decide(2)).isEqualTo(Device.gpu(0));
        assertThatThrownBy(() -> DeviceChoice.GPU.decide(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dgpu").hasMessageContaining("cu124");
    }

    @Test
    void parsingNamesTheBadValue() {
        assertThat(DeviceChoice.parse(" Auto ")).isEqualTo(DeviceChoice.AUTO);
        assertThatThrownBy(() -> DeviceChoice.parse("tpu")).hasMessageContaining("'tpu'");
    }

    @Test
    void resolveOnThisMachineUsesTheCpuEngineFromMaven() {
        assertThat(DeviceChoice.AUTO.resolve()).isEqualTo(Device.cpu());
    }
}
