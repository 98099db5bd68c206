package io.chorus.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * Gradients we can check by hand, repeated across many short-lived managers: the DJL scalar bug
 * (docs/ARCHITECTURE.md, traps) shows as wrong or NaN gradients after a few iterations, so this fails if any op
 * on the training path goes back to {@code mul(Number)}-style scalars. Then a whole network must
 * overfit one batch.
 */
class NetworkGradientTest {

    /** d/dx hardswish(x) = 0 (x < −3), 1 (x > 3), (2x + 3) / 6 otherwise. */
    static float hardSwishGrad(float x) {
        if (x < -3) {
            return 0;
        }
        if (x > 3) {
            return 1;
        }
        return (2 * x + 3) / 6;
    }

    @Test
    void hardSwishAndLossGradientsMatchTheirFormulasOverManySteps() {
        float[] xs = {-5f, -2.5f, -1f, -0.2f, 0.4f, 1.7f, 2.9f, 4f};
        try (NDManager root = NDManager.newBaseManager(Device.cpu())) {
            for (int step = 0; step < 200; step++) {
                try (NDManager m = root.newSubManager()) {
                    NDArray x = m.create(xs);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(Activations.hardSwish(x).sum());
                    }
                    float[] grad = x.getGradient().toFloatArray();
                    for (int i = 0; i < xs.length; i++) {
                        assertThat(grad[i]).as("step %d, x=%s", step, xs[i])
                                .isCloseTo(hardSwishGrad(xs[i]), org.assertj.core.data.Offset.offset(1e-5f));
                    }

                    // d/dz BCE-with-logits = (sigmoid(z) − y) / N
                    NDArray z = m.create(new float[] {-2f, 0f, 3f, 0.5f}, new Shape(2, 2));
                    NDArray y = m.create(new float[] {0f, 1f, 0.25f, 1f}, new Shape(2, 2));
                    z.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(MultiLabelLoss.bceWithLogits(z, y));
                    }
                    float[] zg = z.getGradient().toFloatArray();
                    float[] zv = {-2f, 0f, 3f, 0.5f};
                    float[] yv = {0f, 1f, 0.25f, 1f};
                    for (int i = 0; i < 4; i++) {
                        float expected = (float) ((1 / (1 + Math.exp(-zv[i])) - yv[i]) / 4);
                        assertThat(zg[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
                    }
                }
            }
        }
    }

    @Test
    void aSmallNetworkOverfitsOneBatch() {
        try (NDManager root = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(3);
            MobileNetV3 net = new MobileNetV3(Architecture.small(0.5), 5);
            Shape input = new Shape(8, 1, 32, 48);
            net.initialize(root, DataType.FLOAT32, input);
            float[] xData = root.randomUniform(0, 1, input).toFloatArray();
            float[] labels = new float[8 * 5];
            for (int i = 0; i < 8; i++) {
                labels[i * 5 + i % 5] = 1;
                labels[i * 5 + (i * 3 + 1) % 5] = 1;
            }

            Optimizer adam = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(3e-3f)).optWeightDecays(0f).build();
            ParameterStore ps = new ParameterStore(root, false);
            float first = Float.NaN;
            float last = Float.NaN;
            int arraysAfterWarmUp = -1;
            for (int step = 0; step < 60; step++) {
                try (NDManager m = root.newSubManager()) {
                    // Inputs live in the step's manager, so everything computed from them dies with it.
                    NDArray x = m.create(xData, input);
                    NDArray y = m.create(labels, new Shape(8, 5));
                    NDArray loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        loss = MultiLabelLoss.bceWithLogits(net.forward(ps, new ai.djl.ndarray.NDList(x), true).singletonOrThrow(), y);
                        gc.backward(loss);
                    }
                    ParameterUpdate.apply(net, adam);
                    float value = loss.getFloat();
                    assertThat(value).as("loss at step %d", step).isFinite();
                    if (step == 0) {
                        first = value;
                    }
                    if (step == 2) {
                        arraysAfterWarmUp = root.getManagedArrays().size();
                    }
                    last = value;
                }
            }
            assertThat(last).as("loss %s -> %s", first, last).isLessThan(first * 0.2f);
            // Steps run in sub-managers and the optimizer updates in place: nothing accumulates.
            assertThat(root.getManagedArrays().size()).isLessThanOrEqualTo(arraysAfterWarmUp + 1);
        }
    }
}
