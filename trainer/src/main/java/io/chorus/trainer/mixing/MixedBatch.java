package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;

/**
 * What one training step scores: logits and the soft multi-label targets they are compared
 * with (BCE-with-logits), and which mixing was applied (for logs and tests).
 */
public record MixedBatch(NDArray logits, NDArray targets, String applied) {
}
