package io.chorus.trainer.retrain;

import ai.djl.Device;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.gate.PromotionGate;
import io.chorus.trainer.mixing.MixerSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the retraining service needs besides its Kafka connection.
 *
 * @param modelName          the model line (key on {@code models})
 * @param modelDir           where versions, round reports and the schedule state are kept
 * @param baseData           base data set in AnuraSet layout
 * @param baseVariant        anuraset, anuraset36n or anuraset36
 * @param architecture       network of the first model (later rounds keep the champion's)
 * @param features           front end of the first model (later rounds keep the champion's)
 * @param mixer              mixing strategy (mix2 by default)
 * @param epochs             epochs when training from scratch (the first model, or with fromScratch)
 * @param warmStartEpochs    epochs when starting from the champion's weights
 * @param learningRate       peak learning rate from scratch
 * @param warmStartLearningRate peak learning rate of a warm start (short, gentle schedule)
 * @param fromScratch        train every round from scratch instead of from the champion
 * @param reviewedRepeat     how often each reviewed training clip appears per epoch
 * @param holdOutShare       share of reviewed recordings frozen into the hold-out
 * @param roundInterval      a round starts this long after the previous one started
 * @param minNewClips        a round starts as soon as this many labelled clips arrived since the last one
 * @param pollInterval       how often the triggers are checked
 * @param maxReleaseBytes    largest compressed artifact a release carries inline
 */
public record RetrainSettings(String modelName, Path modelDir, Path baseData, String baseVariant, Architecture architecture,
                              FeatureConfig features, String mixer, MixerSettings mixing, int epochs, int warmStartEpochs, int batchSize,
                              float learningRate, float warmStartLearningRate, float weightDecay, long seed, double validationFraction,
                              io.chorus.trainer.training.SpecAugment.Mode specAugment, boolean tuneThresholds, boolean fromScratch, int reviewedRepeat, double holdOutShare,
                              PromotionGate gate, Device device, Duration roundInterval, int minNewClips, Duration pollInterval,
                              long maxReleaseBytes) {

    public RetrainSettings {
        if (!(holdOutShare >= 0 && holdOutShare < 1)) {
            throw new IllegalArgumentException("hold-out share must be in [0, 1), got " + holdOutShare);
        }
        if (reviewedRepeat < 1 || minNewClips < 1 || warmStartEpochs < 1) {
            throw new IllegalArgumentException("reviewed repeat, min new clips and warm-start epochs must be >= 1");
        }
        if (roundInterval.isNegative() || roundInterval.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("round and poll intervals must be > 0");
        }
    }

    public RetrainSettings withEpochs(int scratch, int warm) {
        return new RetrainSettings(modelName, modelDir, baseData, baseVariant, architecture, features, mixer, mixing, scratch, warm,
                batchSize, learningRate, warmStartLearningRate, weightDecay, seed, validationFraction, specAugment, tuneThresholds,
                fromScratch, reviewedRepeat, holdOutShare, gate, device, roundInterval, minNewClips, pollInterval, maxReleaseBytes);
    }

    public RetrainSettings withGate(PromotionGate g) {
        return new RetrainSettings(modelName, modelDir, baseData, baseVariant, architecture, features, mixer, mixing, epochs,
                warmStartEpochs, batchSize, learningRate, warmStartLearningRate, weightDecay, seed, validationFraction, specAugment,
                tuneThresholds, fromScratch, reviewedRepeat, holdOutShare, g, device, roundInterval, minNewClips, pollInterval,
                maxReleaseBytes);
    }
}
