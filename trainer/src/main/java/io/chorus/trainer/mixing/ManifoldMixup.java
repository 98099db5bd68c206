package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.MobileNetV3;
import io.chorus.model.network.MobileNetV3.Boundary;
import java.util.List;
import java.util.Random;

/**
 * Manifold Mixup: mixes hidden states at a layer drawn uniformly from a set, per-example
 * λ ~ Beta(1, 1). The Mix2 paper mixes only the pooled embedding ({@link #PAPER_LAYERS}); the
 * original method's set {input, after stage 1, after stage 2} is {@link #VERMA_LAYERS}.
 */
public final class ManifoldMixup implements Mixer {

    public static final List<Boundary> PAPER_LAYERS = List.of(Boundary.EMBEDDING);
    public static final List<Boundary> VERMA_LAYERS = List.of(Boundary.INPUT, Boundary.AFTER_STAGE_1, Boundary.AFTER_STAGE_2);

    private final List<Boundary> layers;

    public ManifoldMixup(List<Boundary> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Manifold Mixup needs at least one layer to mix at");
        }
        this.layers = List.copyOf(layers);
    }

    @Override
    public String name() {
        return "manifold";
    }

    @Override
    public MixedBatch forward(MobileNetV3 net, ParameterStore ps, NDArray spectrograms, NDArray targets, Random rng) {
        Boundary at = layers.get(rng.nextInt(layers.size()));
        int batch = (int) spectrograms.getShape().get(0);
        float[] lambda = Sampling.beta11(batch, rng);
        int[] perm = Sampling.permutation(batch, rng);
        NDArray hidden = net.forward(ps, spectrograms, Boundary.INPUT, at, true);
        NDArray mixed = PairwiseMix.mix(hidden, lambda, perm);
        NDArray embedding = net.forward(ps, mixed, at, Boundary.EMBEDDING, true);
        return new MixedBatch(net.head(ps, embedding, true), PairwiseMix.mix(targets, lambda, perm),
                "manifold@" + at.name().toLowerCase(java.util.Locale.ROOT));
    }
}
