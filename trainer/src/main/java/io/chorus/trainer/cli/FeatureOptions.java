package io.chorus.trainer.cli;

import io.chorus.model.features.FeatureConfig;
import picocli.CommandLine.Option;

/** Front-end flags (a picocli mixin); defaults are the Mix2 recipe's. */
public class FeatureOptions {

    @Option(names = "--sample-rate", defaultValue = "16000", description = "Model sample rate in Hz. Default: ${DEFAULT-VALUE}")
    int sampleRate;

    @Option(names = "--window-seconds", defaultValue = "3.0", description = "Window length in seconds. Default: ${DEFAULT-VALUE}")
    double windowSeconds;

    @Option(names = "--n-fft", defaultValue = "512", description = "STFT size in samples. Default: ${DEFAULT-VALUE}")
    int nFft;

    @Option(names = "--hop", defaultValue = "128", description = "STFT hop in samples. Default: ${DEFAULT-VALUE}")
    int hop;

    @Option(names = "--n-mels", defaultValue = "128", description = "Mel bands. Default: ${DEFAULT-VALUE}")
    int nMels;

    @Option(names = "--f-max", defaultValue = "8000", description = "Highest mel frequency in Hz. Default: ${DEFAULT-VALUE}")
    double fMax;

    FeatureConfig config() {
        return new FeatureConfig(sampleRate, windowSeconds, 1.0, nFft, hop, nMels, 0.0, fMax);
    }
}
