package io.chorus.model.network;

/**
 * One inverted-residual block of a MobileNetV3 (Howard et al. 2019, table 1/2).
 *
 * @param kernel       depthwise kernel size
 * @param expanded     channels after the 1×1 expansion (before the width multiplier)
 * @param out          output channels (before the width multiplier)
 * @param squeeze      whether the block has squeeze-and-excite
 * @param hardSwish    hard-swish (true) or ReLU (false)
 * @param stride       depthwise stride
 */
record BottleneckSpec(int kernel, int expanded, int out, boolean squeeze, boolean hardSwish, int stride) {
}
