package io.chorus.model.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.Function;

/**
 * MobileNetV3 for one-channel log-mel spectrograms (batch, 1, mels, frames), split where the
 * mixers need it: {@link Boundary#INPUT} → stage 1 → {@link Boundary#AFTER_STAGE_1} → stage 2 →
 * {@link Boundary#AFTER_STAGE_2} → rest and pooling → {@link Boundary#EMBEDDING} → linear head.
 * The embedding pools the last feature map by mean over frequency, then max + mean over time
 * (the Mix2 recipe), e.g. 960-d for Large at width 1.
 */
public final class MobileNetV3 extends AbstractBlock {

    /** Points of the forward pass where hidden states can be taken out and mixed. */
    public enum Boundary { INPUT, AFTER_STAGE_1, AFTER_STAGE_2, EMBEDDING }

    private static final float BN_EPSILON = 1e-3f;
    private static final float BN_MOMENTUM = 0.99f; // DJL's momentum keeps 0.99 of the running stats

    private final Architecture architecture;
    private final int classes;
    private final SequentialBlock stage1;
    private final SequentialBlock stage2;
    private final SequentialBlock rest;
    private final Linear head;

    public MobileNetV3(Architecture architecture, int classes) {
        this.architecture = architecture;
        this.classes = classes;
        List<BottleneckSpec> blocks = architecture.blocks();
        int[] ends = architecture.stageEnds();
        int channels = architecture.stemChannels();

        SequentialBlock s1 = new SequentialBlock().add(convBnAct(channels, 3, 2, 1, Activations::hardSwish));
        for (int i = 0; i < ends[0]; i++) {
            channels = addBottleneck(s1, blocks.get(i), channels, architecture);
        }
        SequentialBlock s2 = new SequentialBlock();
        for (int i = ends[0]; i < ends[1]; i++) {
            channels = addBottleneck(s2, blocks.get(i), channels, architecture);
        }
        SequentialBlock r = new SequentialBlock();
        for (int i = ends[1]; i < blocks.size(); i++) {
            channels = addBottleneck(r, blocks.get(i), channels, architecture);
        }
        r.add(convBnAct(architecture.embeddingSize(), 1, 1, 1, Activations::hardSwish));
        r.add(new LambdaBlock(list -> new NDList(pool(list.singletonOrThrow())), "pool"));

        this.stage1 = addChildBlock("stage1", s1);
        this.stage2 = addChildBlock("stage2", s2);
        this.rest = addChildBlock("rest", r);
        this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
    }

    public Architecture architecture() {
        return architecture;
    }

    public int classes() {
        return classes;
    }

    public int embeddingSize() {
        return architecture.embeddingSize();
    }

    /** Mean over frequency, then max + mean over time: (B, C, F, T) → (B, C). */
    static NDArray pool(NDArray x) {
        NDArray overFrequency = x.mean(new int[] {2});
        return overFrequency.max(new int[] {2}).add(overFrequency.mean(new int[] {2}));
    }

    private static int addBottleneck(SequentialBlock target, BottleneckSpec spec, int in, Architecture a) {
        int expanded = a.divisible(spec.expanded());
        int out = a.divisible(spec.out());
        Function<NDArray, NDArray> act = spec.hardSwish() ? Activations::hardSwish : Activations::relu;
        SequentialBlock body = new SequentialBlock();
        if (expanded != in) {
            body.add(convBnAct(expanded, 1, 1, 1, act));
        }
        body.add(convBnAct(expanded, spec.kernel(), spec.stride(), expanded, act));
        if (spec.squeeze()) {
            int squeezed = Architecture.makeDivisible(expanded / 4.0);
            SequentialBlock excite = new SequentialBlock()
                    .add(new LambdaBlock(l -> new NDList(l.singletonOrThrow().mean(new int[] {3}, true).mean(new int[] {2}, true)), "squeeze"))
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(squeezed).build())
                    .add(new LambdaBlock(l -> new NDList(Activations.relu(l.singletonOrThrow())), "relu"))
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(expanded).build())
                    .add(new LambdaBlock(l -> new NDList(Activations.hardSigmoid(l.singletonOrThrow())), "hardsigmoid"));
            body.add(new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().mul(l.get(1).singletonOrThrow())),
                    List.of(new LambdaBlock(l -> l, "identity"), excite)));
        }
        body.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out).optBias(false).build());
        body.add(batchNorm());
        if (spec.stride() == 1 && in == out) {
            target.add(new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())), List.of(body, new LambdaBlock(l -> l, "identity"))));
        } else {
            target.add(body);
        }
        return out;
    }

    private static SequentialBlock convBnAct(int filters, int kernel, int stride, int groups, Function<NDArray, NDArray> act) {
        int padding = (kernel - 1) / 2;
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(padding, padding)).optGroups(groups).setFilters(filters).optBias(false).build())
                .add(batchNorm())
                .add(new LambdaBlock(l -> new NDList(act.apply(l.singletonOrThrow())), "activation"));
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }

    /** Runs the part of the network between two boundaries; EMBEDDING output is (B, embeddingSize). */
    public NDArray forward(ParameterStore ps, NDArray x, Boundary from, Boundary to, boolean training) {
        if (from.ordinal() > to.ordinal()) {
            throw new IllegalArgumentException("cannot run from " + from + " back to " + to);
        }
        NDArray h = x;
        if (from.ordinal() < Boundary.AFTER_STAGE_1.ordinal() && to.ordinal() >= Boundary.AFTER_STAGE_1.ordinal()) {
            h = stage1.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        if (from.ordinal() < Boundary.AFTER_STAGE_2.ordinal() && to.ordinal() >= Boundary.AFTER_STAGE_2.ordinal()) {
            h = stage2.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        if (from.ordinal() < Boundary.EMBEDDING.ordinal() && to == Boundary.EMBEDDING) {
            h = rest.forward(ps, new NDList(h), training).singletonOrThrow();
        }
        return h;
    }

    /** The pooled embedding of a spectrogram batch. */
    public NDArray embed(ParameterStore ps, NDArray spectrograms, boolean training) {
        return forward(ps, spectrograms, Boundary.INPUT, Boundary.EMBEDDING, training);
    }

    /** Logits (before the sigmoid) from embeddings. */
    public NDArray head(ParameterStore ps, NDArray embeddings, boolean training) {
        return head.forward(ps, new NDList(embeddings), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(head(ps, embed(ps, inputs.singletonOrThrow(), training), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        stage1.initialize(manager, dataType, s);
        s = stage1.getOutputShapes(new Shape[] {s})[0];
        stage2.initialize(manager, dataType, s);
        s = stage2.getOutputShapes(new Shape[] {s})[0];
        rest.initialize(manager, dataType, s);
        s = rest.getOutputShapes(new Shape[] {s})[0];
        head.initialize(manager, dataType, s);
    }
}
