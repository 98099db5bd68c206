package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.MobileNetV3;
import java.util.Random;

/** The baseline: no mixing. */
public final class NoMixing implements Mixer {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public MixedBatch forward(MobileNetV3 net, ParameterStore ps, NDArray spectrograms, NDArray targets, Random rng) {
        return new MixedBatch(net.forward(ps, new NDList(spectrograms), true).singletonOrThrow(), targets, "none");
    }
}
