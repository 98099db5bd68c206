package io.chorus.model.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The batched log-mel front end, on the model's device: centred STFT (periodic Hann, reflect
 * padding) → power → HTK mel filters → dB (floor 1e-10) → min–max per clip to [0, 1].
 * Output shape (batch, 1, nMels, frames): the network's input.
 *
 * <p>The window and filter matrix live in a manager owned by this object; each call's
 * intermediates live in the caller's manager, so callers run it inside a short-lived
 * sub-manager (docs/ARCHITECTURE.md, traps: DJL memory).
 */
public final class LogMelFrontEnd implements AutoCloseable {

    /** Keeps a silent clip (max == min) from dividing by zero. */
    private static final float RANGE_EPSILON = 1e-6f;

    private final FeatureConfig config;
    private final NDManager constants;
    private final NDArray window;
    private final NDArray mel;
    private final NDArray powerFloor;
    private final NDArray ten;
    private final NDArray rangeEpsilon;

    public LogMelFrontEnd(FeatureConfig config, NDManager parent) {
        this.config = config;
        this.constants = parent.newSubManager();
        this.window = periodicHann(constants, config.nFft());
        float[][] weights = MelFilterbank.weights(config);
        float[] flat = new float[config.nMels() * config.frequencyBins()];
        for (int m = 0; m < config.nMels(); m++) {
            System.arraycopy(weights[m], 0, flat, m * config.frequencyBins(), config.frequencyBins());
        }
        this.mel = constants.create(flat, new Shape(config.nMels(), config.frequencyBins()));
        // Arrays, not Number scalars: mul/div(Number) corrupt autograd in DJL 0.33 (docs/ARCHITECTURE.md, traps).
        this.powerFloor = constants.create((float) FeatureConfig.POWER_FLOOR);
        this.ten = constants.create(10f);
        this.rangeEpsilon = constants.create(RANGE_EPSILON);
    }

    public FeatureConfig config() {
        return config;
    }

    /**
     * @param waveforms (batch, windowSamples) float32 at the model rate, on this front end's device
     * @return (batch, 1, nMels, frames) in [0, 1], in the waveforms' manager
     */
    public NDArray apply(NDArray waveforms) {
        Shape shape = waveforms.getShape();
        if (shape.dimension() != 2 || shape.get(1) != config.windowSamples()) {
            throw new IllegalArgumentException("front end expects (batch, " + config.windowSamples() + ") samples at "
                    + config.sampleRateHz() + " Hz, got " + shape);
        }
        return scale(decibelFrames(waveforms));
    }

    /**
     * The unscaled half of {@link #apply}: centred STFT frames of each row (reflect padding at the
     * row's two ends) → power → mel → dB. A row may be any part of a window longer than half the
     * FFT: frame k of a row starting at window sample s is the window's frame (s / hop + k)
     * whenever neither touches padding, which is how the stream computes only the frames an
     * overlapping window does not share ({@link io.chorus.model.inference.WindowClassifier}).
     *
     * @param samples (batch, length) float32 at the model rate, length > nFft / 2
     * @return (batch, nMels, 1 + length / hop) in dB, in the samples' manager
     */
    public NDArray decibelFrames(NDArray samples) {
        NDArray spectrum = samples.stft(config.nFft(), config.hopLengthSamples(), true, window, false, true);
        // |z|² as abs² (one native kernel): summing re² + im² over a trailing axis of 2 was half the
        // front end's time; the two differ by float rounding only (LogMelFrontEndTest's reference).
        NDArray power = spectrum.abs().square(); // (B, bins, frames)
        // A result belongs to its first operand's manager: bring it back to the caller's, or every
        // batch would pile up in this front end's long-lived manager.
        NDArray melPower = mel.matMul(power);                                      // (B, nMels, frames)
        melPower.attach(samples.getManager());
        return melPower.maximum(powerFloor).log10().mul(ten);
    }

    /**
     * The per-window half of {@link #apply}: min–max over each window's frames to [0, 1].
     *
     * @param decibels (batch, nMels, frames) of whole windows
     * @return (batch, 1, nMels, frames)
     */
    public NDArray scale(NDArray decibels) {
        // PyTorch's engine reduces over one axis at a time: flatten each clip, then reduce.
        long batch = decibels.getShape().get(0);
        NDArray perClip = decibels.reshape(batch, -1);
        NDArray min = perClip.min(new int[] {1}, true);
        NDArray max = perClip.max(new int[] {1}, true);
        NDArray scaled = perClip.sub(min).div(max.sub(min).maximum(rangeEpsilon));
        return scaled.reshape(batch, 1, config.nMels(), config.frames());
    }

    /**
     * Convenience for callers holding PCM: resamples each mono clip to the model rate, pads or
     * trims it to one window, and runs {@link #apply(NDArray)}.
     */
    public NDArray apply(NDManager manager, List<float[]> clips, int sampleRateHz) {
        int n = config.windowSamples();
        float[] batch = new float[clips.size() * n];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(Resampler.toModelWindow(clips.get(i), sampleRateHz, config), 0, batch, i * n, n);
        }
        NDArray waveforms = manager.create(batch, new Shape(clips.size(), n));
        return apply(waveforms.toDevice(window.getDevice(), false));
    }

    /** torch.hann_window(n, periodic=True). */
    static NDArray periodicHann(NDManager manager, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return manager.create(w).toType(DataType.FLOAT32, false);
    }

    @Override
    public void close() {
        constants.close();
    }
}
