package io.chorus.trainer.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MixersTest {

    private static final int BATCH = 6;
    private static final int CLASSES = 4;
    private NDManager manager;
    private MobileNetV3 net;
    private ParameterStore ps;
    private NDArray x;
    private NDArray y;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Device.cpu());
        net = new MobileNetV3(Architecture.small(0.25), CLASSES);
        Shape input = new Shape(BATCH, 1, 32, 40);
        net.initialize(manager, DataType.FLOAT32, input);
        ps = new ParameterStore(manager, false);
        x = manager.randomUniform(0, 1, input);
        float[] labels = new float[BATCH * CLASSES];
        for (int i = 0; i < BATCH; i++) {
            labels[i * CLASSES + i % CLASSES] = 1;
        }
        y = manager.create(labels, new Shape(BATCH, CLASSES));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void pairwiseMixIsLambdaTimesSelfPlusOneMinusLambdaTimesPartnerPerExample() {
        NDArray h = manager.create(new float[] {1, 2, 10, 20, 100, 200}, new Shape(3, 2));
        float[] out = PairwiseMix.mix(h, new float[] {1f, 0.25f, 0f}, new int[] {2, 0, 1}).toFloatArray();
        assertThat(out).containsExactly(1f, 2f, 0.25f * 10 + 0.75f * 1, 0.25f * 20 + 0.75f * 2, 10f, 20f);
        assertThatThrownBy(() -> PairwiseMix.mix(h, new float[] {1f}, new int[] {0})).hasMessageContaining("one λ");
    }

    @Test
    void standAloneMixupReallyMixesInputsAndTargets() {
        long seed = 11;
        MixedBatch out = new InputMixup().forward(net, ps, x, y, new Random(seed));

        Random replay = new Random(seed);
        float[] lambda = Sampling.beta11(BATCH, replay);
        int[] perm = Sampling.permutation(BATCH, replay);
        float[] expected = PairwiseMix.mix(y, lambda, perm).toFloatArray();
        assertThat(out.targets().toFloatArray()).containsExactly(expected, offset(1e-6f));
        assertThat(out.targets().toFloatArray()).isNotEqualTo(y.toFloatArray());
        assertThat(out.logits().getShape()).isEqualTo(new Shape(BATCH, CLASSES));
        assertThat(out.applied()).isEqualTo("mixup");
    }

    @Test
    void manifoldMixupMixesAtEveryLayerOfItsSet() {
        ManifoldMixup verma = new ManifoldMixup(ManifoldMixup.VERMA_LAYERS);
        Random rng = new Random(5);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            MixedBatch out = verma.forward(net, ps, x, y, rng);
            seen.merge(out.applied(), 1, Integer::sum);
            assertThat(out.logits().getShape()).isEqualTo(new Shape(BATCH, CLASSES));
            for (float t : out.targets().toFloatArray()) {
                assertThat(t).isBetween(0f, 1f);
            }
        }
        assertThat(seen).containsOnlyKeys("manifold@input", "manifold@after_stage_1", "manifold@after_stage_2");
        assertThat(new ManifoldMixup(ManifoldMixup.PAPER_LAYERS).forward(net, ps, x, y, rng).applied()).isEqualTo("manifold@embedding");
    }

    @Test
    void multiMixGivesNRowsOfDirichletMixturesOfEmbeddingsAndTargets() {
        MultiMix multiMix = new MultiMix(16, 0.2);
        NDArray lambda = multiMix.weights(manager, BATCH, new Random(3));
        assertThat(lambda.getShape()).isEqualTo(new Shape(16, BATCH));
        for (float rowSum : lambda.sum(new int[] {1}).toFloatArray()) {
            assertThat(rowSum).isCloseTo(1f, offset(1e-5f));
        }

        MixedBatch out = multiMix.forward(net, ps, x, y, new Random(4));
        assertThat(out.logits().getShape()).isEqualTo(new Shape(16, CLASSES));
        assertThat(out.targets().getShape()).isEqualTo(new Shape(16, CLASSES));
        NDArray expectedTargets = multiMix.weights(manager, BATCH, new Random(4)).matMul(y);
        assertThat(out.targets().toFloatArray()).containsExactly(expectedTargets.toFloatArray(), offset(1e-6f));
    }

    @Test
    void mix2ChoosesManifoldHalfTheTimeAndMultiMixAndMixupAQuarterEach() {
        Mix2 mix2 = Mix2.paper();
        Random rng = new Random(9);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(mix2.choose(rng.nextDouble()).name(), 1, Integer::sum);
        }
        assertThat(counts.get("manifold") / (double) draws).isCloseTo(0.5, offset(0.005));
        assertThat(counts.get("multimix") / (double) draws).isCloseTo(0.25, offset(0.005));
        assertThat(counts.get("mixup") / (double) draws).isCloseTo(0.25, offset(0.005));
        assertThat(counts).doesNotContainKey("none");

        Mix2 skewed = new Mix2(0.1, 0.8, new NoMixing(), new MultiMix(4, 0.2), new InputMixup());
        assertThat(skewed.choose(0.05).name()).isEqualTo("none");
        assertThat(skewed.choose(0.5).name()).isEqualTo("multimix");
        assertThat(skewed.choose(0.95).name()).isEqualTo("mixup");
        assertThatThrownBy(() -> new Mix2(0.7, 0.5, null, null, null)).hasMessageContaining("sum to <= 1");
    }

    @Test
    void settingsReachTheMixers() {
        MixerSettings settings = new MixerSettings(1.0, 0.0, ManifoldMixup.VERMA_LAYERS, 8, 0.5);
        MixedBatch mix2 = Mixer.named("mix2", settings).forward(net, ps, x, y, new Random(1));
        assertThat(mix2.applied()).startsWith("manifold@").isNotEqualTo("manifold@embedding");
        MixedBatch multiMix = Mixer.named("multimix", settings).forward(net, ps, x, y, new Random(1));
        assertThat(multiMix.logits().getShape().get(0)).isEqualTo(8);
    }

    @Test
    void mixersAreFoundByTheirCliNames() {
        for (String name : new String[] {"none", "mixup", "manifold", "multimix", "mix2"}) {
            assertThat(Mixer.named(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Mixer.named("cutmix")).hasMessageContaining("'cutmix'");
    }
}
