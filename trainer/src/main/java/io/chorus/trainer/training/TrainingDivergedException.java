package io.chorus.trainer.training;

/** The loss became NaN or infinite; the message names the epoch, step, mixer and batch. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
