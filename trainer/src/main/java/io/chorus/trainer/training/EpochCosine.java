package io.chorus.trainer.training;

import ai.djl.training.tracker.Tracker;

/** lr · ½(1 + cos(π·epoch / epochs)), changed once per epoch, no warm-up (the recipe). */
final class EpochCosine implements Tracker {

    private final float base;
    private final int epochs;
    private volatile int epoch;

    EpochCosine(float base, int epochs) {
        this.base = base;
        this.epochs = epochs;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    float value() {
        return (float) (base * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs)));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value();
    }
}
