package io.chorus.model.network;

import ai.djl.ndarray.NDArray;

/**
 * Binary cross-entropy with logits against soft multi-label targets (mixed targets are
 * fractions), averaged over examples and classes, in the numerically stable form
 * max(z, 0) − z·y + log(1 + e^−|z|). Built from array ops only (see {@link Activations}).
 */
public final class MultiLabelLoss {

    private MultiLabelLoss() {
    }

    /**
     * @param logits  (batch, classes)
     * @param targets (batch, classes) in [0, 1]
     * @return scalar mean loss
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray targets) {
        if (!logits.getShape().equals(targets.getShape())) {
            throw new IllegalArgumentException("logits " + logits.getShape() + " and targets " + targets.getShape() + " differ");
        }
        NDArray zero = logits.getManager().create(0f).toType(logits.getDataType(), false);
        NDArray positive = logits.maximum(zero);
        NDArray softplus = logits.abs().neg().exp().add(1f).log();
        return positive.sub(logits.mul(targets)).add(softplus).mean();
    }
}
