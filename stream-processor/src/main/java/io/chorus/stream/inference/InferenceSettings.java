package io.chorus.stream.inference;

import java.io.Serializable;

/**
 * How windows are batched and where they run.
 *
 * @param maxBatch       most windows per forward pass (16 by default: on CPU small batches are faster per
 *                       window; on a GPU raise it to 64 or more)
 * @param maxWaitMillis  longest a window waits for its batch to fill
 * @param workers        inference threads per task manager, each with its own predictor; 0 = one
 *                       per CPU core (one on a GPU)
 * @param device         auto, cpu or gpu
 * @param intraOpThreads PyTorch threads inside one forward pass (1 is best for throughput with
 *                       one worker per core)
 */
public record InferenceSettings(int maxBatch, long maxWaitMillis, int workers, String device, int intraOpThreads)
        implements Serializable {

    public InferenceSettings {
        if (maxBatch < 1 || maxWaitMillis < 0 || workers < 0 || intraOpThreads < 1) {
            throw new IllegalArgumentException("need maxBatch >= 1, maxWaitMillis >= 0, workers >= 0, intraOpThreads >= 1");
        }
    }

    public static InferenceSettings defaults() {
        return new InferenceSettings(16, 50, 0, "auto", 1);
    }

    /** Windows allowed to wait for a worker per task manager: enough to keep every worker busy, no more. */
    public int queueCapacity(int workerCount) {
        return 2 * maxBatch * workerCount;
    }
}
