package io.chorus.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class MobileNetV3Test {

    static long parameters(MobileNetV3 net, boolean withHead) {
        long n = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            boolean head = p.getKey().startsWith("04head") || p.getKey().contains("head");
            boolean running = p.getKey().contains("running");
            if ((withHead || !head) && !running) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    @Test
    void largeAtWidthOneIsThePapersThreeMillionParameterNetWithA960dEmbedding() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            MobileNetV3 net = new MobileNetV3(Architecture.large(), 42);
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 128, 376));
            assertThat(net.embeddingSize()).isEqualTo(960);
            long body = parameters(net, false);
            assertThat(body).as("parameters without head: %d", body).isBetween(2_800_000L, 3_100_000L);
            assertThat(parameters(net, true) - body).isEqualTo(960L * 42 + 42);
        }
    }

    @Test
    void everyBoundaryCanBeEnteredAndLeftAndTheSplitsAgreeWithTheWholePass() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            MobileNetV3 net = new MobileNetV3(Architecture.small(0.5), 7);
            Shape input = new Shape(3, 1, 64, 94);
            net.initialize(manager, DataType.FLOAT32, input);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, input);

            NDArray s1 = net.forward(ps, x, MobileNetV3.Boundary.INPUT, MobileNetV3.Boundary.AFTER_STAGE_1, false);
            NDArray s2 = net.forward(ps, s1, MobileNetV3.Boundary.AFTER_STAGE_1, MobileNetV3.Boundary.AFTER_STAGE_2, false);
            NDArray z = net.forward(ps, s2, MobileNetV3.Boundary.AFTER_STAGE_2, MobileNetV3.Boundary.EMBEDDING, false);
            NDArray whole = net.embed(ps, x, false);

            assertThat(s1.getShape().get(0)).isEqualTo(3);
            assertThat(s1.getShape().get(2)).isEqualTo(16); // stride 2 stem + stride 2 block
            assertThat(s2.getShape().get(2)).isEqualTo(8);
            assertThat(z.getShape()).isEqualTo(new Shape(3, net.embeddingSize()));
            assertThat(z.sub(whole).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(net.head(ps, z, false).getShape()).isEqualTo(new Shape(3, 7));
            assertThatThrownBy(() -> net.forward(ps, z, MobileNetV3.Boundary.EMBEDDING, MobileNetV3.Boundary.INPUT, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void poolingIsMeanOverFrequencyThenMaxPlusMeanOverTime() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            // One channel, 2 frequencies × 3 frames: mean over frequency = [2, 4, 9]; max 9 + mean 5 = 14.
            NDArray x = manager.create(new float[] {1, 3, 8, 3, 5, 10}, new Shape(1, 1, 2, 3));
            assertThat(MobileNetV3.pool(x).toFloatArray()).containsExactly(14f);
        }
    }

    @Test
    void architecturesParseAndRefuseNonsense() {
        assertThat(Architecture.parse("mobilenetv3-small-0.5")).isEqualTo(Architecture.small(0.5));
        assertThat(Architecture.parse("large")).isEqualTo(Architecture.large());
        assertThat(Architecture.small(0.75).id()).isEqualTo("mobilenetv3-small-0.75");
        assertThatThrownBy(() -> Architecture.parse("resnet-1")).hasMessageContaining("large or small");
        assertThatThrownBy(() -> Architecture.parse("small-x")).hasMessageContaining("not a number");
    }
}
