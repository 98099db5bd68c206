package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.MobileNetV3;
import java.util.Random;

/**
 * MultiMix on the embedding: n interpolations of the whole batch, each with weights drawn from
 * a symmetric Dirichlet(α) over the batch: Z' = Λ·Z, Y' = Λ·Y (Λ is n × batch, rows sum to 1).
 * The loss is then taken over the n mixed rows.
 */
public final class MultiMix implements Mixer {

    public static final int DEFAULT_INTERPOLATIONS = 128;
    public static final double DEFAULT_ALPHA = 0.2;

    private final int interpolations;
    private final double alpha;

    public MultiMix(int interpolations, double alpha) {
        if (interpolations < 1 || !(alpha > 0)) {
            throw new IllegalArgumentException("MultiMix needs n >= 1 and alpha > 0, got " + interpolations + ", " + alpha);
        }
        this.interpolations = interpolations;
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "multimix";
    }

    /** Λ: n rows of Dirichlet(α) weights over the batch. */
    public NDArray weights(NDManager manager, int batch, Random rng) {
        float[] flat = new float[interpolations * batch];
        for (int r = 0; r < interpolations; r++) {
            System.arraycopy(Sampling.dirichlet(alpha, batch, rng), 0, flat, r * batch, batch);
        }
        return manager.create(flat, new Shape(interpolations, batch));
    }

    @Override
    public MixedBatch forward(MobileNetV3 net, ParameterStore ps, NDArray spectrograms, NDArray targets, Random rng) {
        NDArray embedding = net.embed(ps, spectrograms, true);
        NDArray lambda = weights(embedding.getManager(), (int) embedding.getShape().get(0), rng).toType(embedding.getDataType(), false);
        NDArray mixed = lambda.matMul(embedding);
        return new MixedBatch(net.head(ps, mixed, true), lambda.matMul(targets), "multimix");
    }
}
