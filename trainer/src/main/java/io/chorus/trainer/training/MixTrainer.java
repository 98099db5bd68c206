package io.chorus.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import io.chorus.audio.species.SpeciesGroups;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.LogMelFrontEnd;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.MobileNetV3;
import io.chorus.model.network.MultiLabelLoss;
import io.chorus.model.network.ParameterUpdate;
import io.chorus.trainer.data.LabeledClip;
import io.chorus.trainer.evaluation.MultiLabelMetrics;
import io.chorus.trainer.evaluation.Scoring;
import io.chorus.trainer.mixing.MixedBatch;
import io.chorus.trainer.mixing.Mixer;
import io.chorus.trainer.mixing.Sampling;
import io.chorus.schemas.ops.ProgressBar;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a MobileNetV3 with a mixing strategy: AdamW, cosine learning rate per epoch, the
 * front end computed once per run on the model's device (per batch when the features do not fit),
 * SpecAugment on the features, one mixer forward per step, BCE-with-logits on soft targets. After
 * every epoch the validation macro F1 is measured (at thresholds tuned for that epoch, when the run
 * tunes them); the best epoch's parameters are kept. A NaN or infinite loss stops the run
 * naming epoch, step, mixer and batch. Repeatable on CPU for a seed.
 */
public final class MixTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(MixTrainer.class);

    /** One epoch's numbers. */
    public record EpochLog(int epoch, double trainLoss, double validationMacroF1, double samplesPerSecond, float learningRate) {
    }

    /**
     * The trained network (best epoch restored) and how it got there.
     *
     * @param thresholds      what the model serves: tuned on validation, or 0.5 everywhere when tuning is off
     * @param tunedThresholds tuned on validation at the best epoch, whether served or not (for reports)
     * @param stepsPerEpoch   optimiser steps in one epoch
     */
    public record Result(MobileNetV3 net, int bestEpoch, double bestValidationMacroF1, List<EpochLog> epochs,
                         float[] thresholds, float[] tunedThresholds, int stepsPerEpoch, double samplesPerSecond) {

        /**
         * The trained network as an artifact: labels in output order, the rare group, its
         * thresholds and front end, with free-form metrics and a data summary.
         */
        public ModelArtifact artifact(List<String> species, FeatureConfig features, Map<String, Double> metrics, Map<String, String> data) {
            Map<String, Float> byLabel = new LinkedHashMap<>();
            for (int c = 0; c < species.size(); c++) {
                byLabel.put(species.get(c), thresholds[c]);
            }
            List<String> rare = species.stream().filter(s -> SpeciesGroups.groupOf(s).equals("rare")).toList();
            return ModelArtifact.capture(net, new ModelManifest(null, null, species, rare, byLabel, features, metrics, data,
                    Instant.now().toString(), null));
        }
    }

    /** Told after every step and every epoch; may throw to stop the run (the retraining service cancels this way). */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void step(int epoch, int epochs, int step, int steps) {
        }

        default void epoch(EpochLog log) {
        }
    }

    private MixTrainer() {
    }

    /**
     * The log-mel features of every training clip, once, when they fit a quarter of the heap (and one
     * array): the front end is deterministic and SpecAugment works on its output, so epochs need not
     * recompute it (it cost about a third of each step). The same {@link LogMelFrontEnd} the stream
     * processor runs; (clip, mels × frames) flattened in clip order. Null when they do not fit (the
     * recipe's 128 × 376 on the whole AnuraSet needs ~18 GB): then each batch computes its own.
     */
    static float[] logMels(LogMelFrontEnd frontEnd, List<LabeledClip> clips, int batchSize, NDManager root, PrintStream progressOut) {
        return logMels(frontEnd, clips, batchSize, root, progressOut, Runtime.getRuntime().maxMemory() / 4);
    }

    /** As above, with the bytes the features may take. */
    static float[] logMels(LogMelFrontEnd frontEnd, List<LabeledClip> clips, int batchSize, NDManager root, PrintStream progressOut,
                           long budgetBytes) {
        FeatureConfig features = frontEnd.config();
        int cells = features.nMels() * features.frames();
        long cellsTotal = (long) clips.size() * cells;
        if (cellsTotal > Integer.MAX_VALUE - 8 || cellsTotal * Float.BYTES > budgetBytes) {
            LOG.info("log-mel of {} training clips ({} MB) is computed per batch: it does not fit {} MB",
                    clips.size(), cellsTotal * Float.BYTES >> 20, budgetBytes >> 20);
            return null;
        }
        float[] out = new float[clips.size() * cells];
        ProgressBar bar = new ProgressBar(progressOut, "features", clips.size(), "clips");
        for (int from = 0; from < clips.size(); from += batchSize) {
            int to = Math.min(clips.size(), from + batchSize);
            try (NDManager m = root.newSubManager()) {
                float[] f = logMels(frontEnd, clips.subList(from, to), m);
                System.arraycopy(f, 0, out, from * cells, f.length);
            }
            bar.update(to);
        }
        return out;
    }

    /** The log-mel features of a few clips, flattened in order. */
    private static float[] logMels(LogMelFrontEnd frontEnd, List<LabeledClip> clips, NDManager m) {
        int n = frontEnd.config().windowSamples();
        float[] waves = new float[clips.size() * n];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(clips.get(i).audio(), 0, waves, i * n, n);
        }
        return frontEnd.apply(m.create(waves, new Shape(clips.size(), n))).toFloatArray();
    }

    public static Result train(TrainConfig cfg, List<String> species, List<LabeledClip> train, List<LabeledClip> validation,
                               NDManager root, PrintStream progressOut, byte[] warmStartParameters) {
        return train(cfg, species, train, validation, root, progressOut, warmStartParameters, Listener.NONE);
    }

    /** @param warmStartParameters parameters to start from (same architecture and labels), or null for a fresh network */
    public static Result train(TrainConfig cfg, List<String> species, List<LabeledClip> train, List<LabeledClip> validation,
                               NDManager root, PrintStream progressOut, byte[] warmStartParameters, Listener listener) {
        if (train.size() < cfg.batchSize()) {
            throw new IllegalArgumentException("only " + train.size() + " training clips for batch size " + cfg.batchSize());
        }
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        Random rng = new Random(cfg.seed());
        FeatureConfig features = cfg.features();
        int classes = species.size();
        MobileNetV3 net = new MobileNetV3(cfg.architecture(), classes);
        net.initialize(root, DataType.FLOAT32, new Shape(1, 1, features.nMels(), features.frames()));
        if (warmStartParameters != null) {
            ModelArtifact.restore(net, root, warmStartParameters);
            // Loaded arrays come without gradients; training needs them where initialisation would have attached them.
            net.getParameters().values().stream().filter(p -> p.requiresGradient())
                    .forEach(p -> p.getArray().setRequiresGradient(true));
        }
        Mixer mixer = Mixer.named(cfg.mixer(), cfg.mixing());
        EpochCosine schedule = new EpochCosine(cfg.learningRate(), cfg.epochs());
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(cfg.weightDecay()).build();
        ParameterStore ps = new ParameterStore(root, false);
        int steps = train.size() / cfg.batchSize();

        List<EpochLog> log = new ArrayList<>();
        byte[] best = null;
        float[] bestTuned = null;
        int bestEpoch = -1;
        double bestF1 = -1;
        long trainNanos = 0;
        long trainSamples = 0;
        try (LogMelFrontEnd frontEnd = new LogMelFrontEnd(features, root);
             WindowClassifier validator = new WindowClassifier(net, features, root)) {
            float[] trainFeatures = logMels(frontEnd, train, cfg.batchSize(), root, progressOut);
            int cells = features.nMels() * features.frames();
            for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                schedule.setEpoch(epoch);
                int[] order = Sampling.permutation(train.size(), rng);
                ProgressBar bar = new ProgressBar(progressOut, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, cfg.epochs()),
                        steps, "batches");
                double lossSum = 0;
                long epochStart = System.nanoTime();
                for (int step = 0; step < steps; step++) {
                    try (NDManager m = root.newSubManager()) {
                        float[] f = new float[cfg.batchSize() * cells];
                        List<LabeledClip> batch = new ArrayList<>();
                        float[] targets = new float[cfg.batchSize() * classes];
                        List<String> ids = new ArrayList<>();
                        for (int b = 0; b < cfg.batchSize(); b++) {
                            int index = order[step * cfg.batchSize() + b];
                            LabeledClip clip = train.get(index);
                            if (trainFeatures != null) {
                                System.arraycopy(trainFeatures, index * cells, f, b * cells, cells);
                            } else {
                                batch.add(clip);
                            }
                            for (int c = 0; c < classes; c++) {
                                targets[b * classes + c] = clip.labels()[c];
                            }
                            ids.add(clip.id());
                        }
                        if (trainFeatures == null) {
                            f = logMels(frontEnd, batch, m);
                        }
                        SpecAugment.apply(cfg.specAugment(), f, cfg.batchSize(), features.nMels(), features.frames(), rng);
                        NDArray x = m.create(f, new Shape(cfg.batchSize(), 1, features.nMels(), features.frames()));
                        NDArray y = m.create(targets, new Shape(cfg.batchSize(), classes));
                        float loss;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            MixedBatch mixed = mixer.forward(net, ps, x, y, rng);
                            NDArray l = MultiLabelLoss.bceWithLogits(mixed.logits(), mixed.targets());
                            loss = l.getFloat();
                            if (!Float.isFinite(loss)) {
                                throw new TrainingDivergedException(String.format(Locale.ROOT,
                                        "loss is %s at epoch %d, step %d, mixer %s (applied %s), batch %s", loss, epoch + 1,
                                        step + 1, mixer.name(), mixed.applied(), ids));
                            }
                            gc.backward(l);
                        }
                        ParameterUpdate.apply(net, optimizer);
                        lossSum += loss;
                    }
                    bar.suffix(String.format(Locale.ROOT, "loss %.4f", lossSum / (step + 1))).update(step + 1);
                    listener.step(epoch + 1, cfg.epochs(), step + 1, steps);
                }
                long epochNanos = System.nanoTime() - epochStart;
                trainNanos += epochNanos;
                trainSamples += (long) steps * cfg.batchSize();
                float[][] scores = Scoring.scores(validator, validation, cfg.batchSize());
                int[][] validationLabels = Scoring.labels(validation);
                // With tuned thresholds the epoch is chosen at the thresholds it would serve: a mixed model's
                // softer scores are not penalised for missing 0.5.
                float[] epochThresholds = cfg.tuneThresholds() ? ThresholdTuner.tune(scores, validationLabels, classes)
                        : MultiLabelMetrics.uniformThresholds(classes, 0.5f);
                double f1 = MultiLabelMetrics.evaluate("validation", species, scores, validationLabels, epochThresholds).macroF1();
                double rate = steps * cfg.batchSize() / (epochNanos / 1e9);
                EpochLog epochLog = new EpochLog(epoch + 1, lossSum / steps, f1, rate, schedule.value());
                log.add(epochLog);
                listener.epoch(epochLog);
                LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, validation macro F1 %.4f, %.1f samples/s, lr %.2e",
                        epoch + 1, cfg.epochs(), lossSum / steps, f1, rate, schedule.value()));
                if (f1 > bestF1) {
                    bestF1 = f1;
                    bestEpoch = epoch + 1;
                    best = ModelArtifact.parametersOf(net);
                    bestTuned = cfg.tuneThresholds() ? epochThresholds : ThresholdTuner.tune(scores, validationLabels, classes);
                }
            }
            ModelArtifact.restore(net, root, best);
            float[] thresholds = cfg.tuneThresholds() ? bestTuned : MultiLabelMetrics.uniformThresholds(classes, 0.5f);
            return new Result(net, bestEpoch, bestF1, List.copyOf(log), thresholds, bestTuned, steps,
                    trainSamples / (trainNanos / 1e9));
        }
    }
}
