package io.chorus.trainer.retrain;

import io.chorus.trainer.gate.PromotionGate;
import io.chorus.trainer.training.TrainConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the retraining service needs besides its Kafka connection, by concern. The defaults
 * of each part ({@code defaults()}) are the ones {@code chorus-trainer serve} and the local run
 * both start from.
 *
 * @param line      which model line, where its copies live, how large a release may be
 * @param base      the base data set and how reviewed clips join it
 * @param recipe    how a challenger trains from scratch (the first model, or every round with {@code fromScratch});
 *                  its architecture and front end are the first model's (later rounds keep the champion's)
 * @param warmStart how a round starts from the champion's weights instead
 * @param schedule  when rounds start
 * @param gate      what a challenger must show to be promoted
 */
public record RetrainSettings(Line line, BaseData base, TrainConfig recipe, WarmStart warmStart, Schedule schedule, PromotionGate gate) {

    /**
     * @param modelName       the model line (key on {@code models})
     * @param modelDir        where versions, round reports and the schedule state are kept
     * @param maxReleaseBytes largest compressed artifact a release carries inline
     */
    public record Line(String modelName, Path modelDir, long maxReleaseBytes) {
    }

    /**
     * @param dir            base data set in AnuraSet layout
     * @param variant        anuraset, anuraset36n or anuraset36
     * @param reviewedRepeat how often each reviewed training clip appears per epoch beside the base set
     * @param holdOutShare   share of reviewed recordings frozen into the hold-out, never trained on
     */
    public record BaseData(Path dir, String variant, int reviewedRepeat, double holdOutShare) {

        /** Three repeats (a few hundred expert clips then count next to thousands of base clips; ChallengerVerdictTest's setting). */
        public static final int DEFAULT_REVIEWED_REPEAT = 3;
        public static final double DEFAULT_HOLD_OUT_SHARE = 0.2;

        public BaseData {
            if (!(holdOutShare >= 0 && holdOutShare < 1)) {
                throw new IllegalArgumentException("hold-out share must be in [0, 1), got " + holdOutShare);
            }
            if (reviewedRepeat < 1) {
                throw new IllegalArgumentException("reviewed repeat must be >= 1, got " + reviewedRepeat);
            }
        }
    }

    /**
     * @param fromScratch  train every round from scratch ({@code recipe}) instead of from the champion
     * @param epochs       epochs of a warm start
     * @param learningRate peak learning rate of a warm start (short, gentle schedule)
     */
    public record WarmStart(boolean fromScratch, int epochs, float learningRate) {

        public static WarmStart defaults() {
            return new WarmStart(false, 10, 3e-3f);
        }

        public WarmStart {
            if (epochs < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("warm-start epochs must be >= 1 and its learning rate > 0");
            }
        }
    }

    /**
     * @param roundInterval a round starts this long after the previous one started
     * @param minNewClips   a round starts as soon as this many labelled clips arrived since the last one
     * @param pollInterval  how often the triggers are checked
     */
    public record Schedule(Duration roundInterval, int minNewClips, Duration pollInterval) {

        public static Schedule defaults() {
            return new Schedule(Duration.ofHours(6), 200, Duration.ofSeconds(10));
        }

        public Schedule {
            if (minNewClips < 1) {
                throw new IllegalArgumentException("min new clips must be >= 1, got " + minNewClips);
            }
            if (roundInterval.isNegative() || roundInterval.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("round and poll intervals must be > 0");
            }
        }
    }

    public RetrainSettings withEpochs(int scratch, int warm) {
        TrainConfig r = recipe.forRound(recipe.architecture(), recipe.features(),
                recipe.optimization().withSchedule(scratch, recipe.learningRate()));
        return new RetrainSettings(line, base, r, new WarmStart(warmStart.fromScratch(), warm, warmStart.learningRate()), schedule, gate);
    }

    public RetrainSettings withGate(PromotionGate g) {
        return new RetrainSettings(line, base, recipe, warmStart, schedule, g);
    }

    /** Shorthand: the model line's name. */
    public String modelName() {
        return line.modelName();
    }
}
