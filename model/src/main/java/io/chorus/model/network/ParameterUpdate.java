package io.chorus.model.network;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

/** One optimizer step over every parameter that received a gradient. */
public final class ParameterUpdate {

    private ParameterUpdate() {
    }

    public static void apply(MobileNetV3 net, Optimizer optimizer) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (w.hasGradient()) {
                try (NDArray g = w.getGradient()) { // a new handle per call, owned by the weight's manager: close it
                    optimizer.update(p.getKey(), w, g);
                }
            }
        }
    }
}
