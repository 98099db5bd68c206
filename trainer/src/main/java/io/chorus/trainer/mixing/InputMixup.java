package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.MobileNetV3;
import java.util.Random;

/**
 * Mixup on the (normalised, augmented) spectrogram: per-example λ ~ Beta(1, 1), partner from a
 * random permutation. Unlike the public Mix2 code's stand-alone option, it really mixes.
 */
public final class InputMixup implements Mixer {

    @Override
    public String name() {
        return "mixup";
    }

    @Override
    public MixedBatch forward(MobileNetV3 net, ParameterStore ps, NDArray spectrograms, NDArray targets, Random rng) {
        int batch = (int) spectrograms.getShape().get(0);
        float[] lambda = Sampling.beta11(batch, rng);
        int[] perm = Sampling.permutation(batch, rng);
        NDArray mixed = PairwiseMix.mix(spectrograms, lambda, perm);
        NDArray logits = net.forward(ps, new NDList(mixed), true).singletonOrThrow();
        return new MixedBatch(logits, PairwiseMix.mix(targets, lambda, perm), "mixup");
    }
}
