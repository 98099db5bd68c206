package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * h' = λ·h + (1−λ)·h[perm] with one λ per example, for any tensor whose first axis is the batch
 * (inputs, hidden maps, embeddings, targets). Array ops only, so gradients flow through it.
 */
public final class PairwiseMix {

    private PairwiseMix() {
    }

    public static NDArray mix(NDArray h, float[] lambda, int[] perm) {
        long batch = h.getShape().get(0);
        if (lambda.length != batch || perm.length != batch) {
            throw new IllegalArgumentException("need one λ and one partner per example: batch " + batch
                    + ", λ " + lambda.length + ", partners " + perm.length);
        }
        NDManager m = h.getManager();
        long[] dims = new long[h.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = batch;
        NDArray lam = m.create(lambda, new Shape(dims)).toType(h.getDataType(), false);
        NDArray oneMinus = lam.neg().add(1f);
        long[] idx = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            idx[i] = perm[i];
        }
        NDArray partners = h.get(new NDIndex("{}", m.create(idx)));
        return h.mul(lam).add(partners.mul(oneMinus));
    }
}
