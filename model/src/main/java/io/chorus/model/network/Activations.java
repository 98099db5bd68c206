package io.chorus.model.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * Hard-sigmoid and hard-swish built only from ops whose gradients DJL 0.33 gets right: scalars
 * are arrays created next to the input, never {@code mul/div/maximum/minimum(Number)} or
 * {@code Activation.relu6}, which free their scalar before autograd reads it (docs/ARCHITECTURE.md, traps).
 * {@code NetworkGradientTest} fails if that rule is broken.
 */
public final class Activations {

    private Activations() {
    }

    /** relu6(x + 3) / 6. */
    public static NDArray hardSigmoid(NDArray x) {
        NDManager m = x.getManager();
        NDArray six = m.create(6f).toType(x.getDataType(), false);
        NDArray sixth = m.create(1f / 6f).toType(x.getDataType(), false);
        return Activation.relu(x.add(3f)).minimum(six).mul(sixth);
    }

    /** x · relu6(x + 3) / 6. */
    public static NDArray hardSwish(NDArray x) {
        return x.mul(hardSigmoid(x));
    }

    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }
}
