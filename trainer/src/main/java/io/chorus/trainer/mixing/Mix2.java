package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.MobileNetV3;
import java.util.Random;

/**
 * Mix2: one mixer per step, u ~ U(0, 1) per batch — Manifold Mixup (embedding) with probability
 * pManifold (1/2), MultiMix with pMultiMix (1/4), input Mixup otherwise (1/4). No unmixed steps.
 */
public final class Mix2 implements Mixer {

    private final double pManifold;
    private final double pMultiMix;
    private final Mixer manifold;
    private final Mixer multiMix;
    private final Mixer mixup;

    public Mix2(double pManifold, double pMultiMix, Mixer manifold, Mixer multiMix, Mixer mixup) {
        if (pManifold < 0 || pMultiMix < 0 || pManifold + pMultiMix > 1) {
            throw new IllegalArgumentException("Mix2 probabilities must be >= 0 and sum to <= 1 (the rest is Mixup), got "
                    + pManifold + " and " + pMultiMix);
        }
        this.pManifold = pManifold;
        this.pMultiMix = pMultiMix;
        this.manifold = manifold;
        this.multiMix = multiMix;
        this.mixup = mixup;
    }

    /** The paper's mixture: 1/2, 1/4, 1/4. */
    public static Mix2 paper() {
        return new Mix2(0.5, 0.25, new ManifoldMixup(ManifoldMixup.PAPER_LAYERS),
                new MultiMix(MultiMix.DEFAULT_INTERPOLATIONS, MultiMix.DEFAULT_ALPHA), new InputMixup());
    }

    @Override
    public String name() {
        return "mix2";
    }

    /** Which mixer a draw u selects. */
    Mixer choose(double u) {
        if (u < pManifold) {
            return manifold;
        }
        return u < pManifold + pMultiMix ? multiMix : mixup;
    }

    @Override
    public MixedBatch forward(MobileNetV3 net, ParameterStore ps, NDArray spectrograms, NDArray targets, Random rng) {
        return choose(rng.nextDouble()).forward(net, ps, spectrograms, targets, rng);
    }
}
