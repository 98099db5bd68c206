package io.chorus.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where models run: {@code auto} (a GPU when DJL sees one, else the CPU), {@code cpu} or
 * {@code gpu} (fails when there is none). The decision is pure ({@link #decide}) so it is
 * tested on machines without a GPU; {@link #resolve} asks DJL and logs the choice.
 */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceChoice.class);

    public static DeviceChoice parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--device must be auto, cpu or gpu, got '" + value + "'", e);
        }
    }

    /**
     * @param visibleGpus GPUs the engine reports
     * @return the device to use
     * @throws IllegalStateException for {@code gpu} when none is visible, saying what to install
     */
    public Device decide(int visibleGpus) {
        switch (this) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (visibleGpus < 1) {
                    throw new IllegalStateException("--device gpu, but the PyTorch engine sees no GPU: build with "
                            + "-Dgpu (pytorch-native-cu124) and run where a CUDA 12.4 driver is visible");
                }
                return Device.gpu(0);
            default:
                return visibleGpus > 0 ? Device.gpu(0) : Device.cpu();
        }
    }

    /** Asks the engine how many GPUs it sees, decides, and logs the choice once. */
    public Device resolve() {
        int gpus = Engine.getInstance().getGpuCount();
        Device device = decide(gpus);
        LOG.info("device {} chosen for --device {} ({} GPU(s) visible to {} {})", device, name().toLowerCase(Locale.ROOT),
                gpus, Engine.getInstance().getEngineName(), Engine.getInstance().getVersion());
        return device;
    }
}
