package io.chorus.model.features;

/**
 * The audio front end a model is trained with; stored in the model so the stream computes
 * exactly the same features. Defaults are the Mix2 recipe's: 16 kHz, 3 s windows, STFT n_fft 512
 * and hop 128 (centred frames, 376 per window), 128 HTK mel bands over 0–8 kHz, power in dB,
 * then min–max scaled per clip to [0, 1].
 *
 * @param sampleRateHz     model sample rate; input audio is resampled to it
 * @param windowSeconds    length of one classified window in seconds
 * @param windowHopSeconds step between windows of a stream in seconds
 * @param nFft             STFT size in samples (Hann window of the same length)
 * @param hopLengthSamples STFT hop in samples
 * @param nMels            mel bands
 * @param fMinHz           lowest mel filter edge in Hz
 * @param fMaxHz           highest mel filter edge in Hz
 */
public record FeatureConfig(int sampleRateHz, double windowSeconds, double windowHopSeconds, int nFft,
                            int hopLengthSamples, int nMels, double fMinHz, double fMaxHz) {

    public static final String MEL_SCALE = "htk";
    public static final String NORMALIZATION = "per-clip-min-max";
    /** Floor under the mel power before taking dB, as torchaudio's AmplitudeToDB. */
    public static final double POWER_FLOOR = 1e-10;

    public FeatureConfig {
        require(sampleRateHz > 0, "sampleRateHz must be > 0, got " + sampleRateHz);
        require(windowSeconds > 0, "windowSeconds must be > 0, got " + windowSeconds);
        require(windowHopSeconds > 0, "windowHopSeconds must be > 0, got " + windowHopSeconds);
        require(nFft >= 16 && Integer.bitCount(nFft) == 1, "nFft must be a power of two >= 16, got " + nFft);
        require(hopLengthSamples > 0 && hopLengthSamples <= nFft, "hopLengthSamples must be in (0, nFft], got " + hopLengthSamples);
        require(nMels > 0 && nMels <= nFft / 2 + 1, "nMels must be in (0, nFft/2+1], got " + nMels);
        require(fMinHz >= 0 && fMinHz < fMaxHz, "need 0 <= fMinHz < fMaxHz, got " + fMinHz + ", " + fMaxHz);
        require(fMaxHz <= sampleRateHz / 2.0, "fMaxHz " + fMaxHz + " is above Nyquist " + sampleRateHz / 2.0);
    }

    /** The recipe's defaults (docs/ARCHITECTURE.md, the Mix2 recipe's front end). */
    public static FeatureConfig defaults() {
        return new FeatureConfig(16_000, 3.0, 1.0, 512, 128, 128, 0.0, 8_000.0);
    }

    /** Samples in one window at the model rate (48,000 by default). */
    public int windowSamples() {
        return (int) Math.round(windowSeconds * sampleRateHz);
    }

    /** Spectrogram frames per window with centred frames (376 by default). */
    public int frames() {
        return 1 + windowSamples() / hopLengthSamples;
    }

    /** STFT bins from 0 Hz to Nyquist. */
    public int frequencyBins() {
        return nFft / 2 + 1;
    }

    /** As stored in a ModelRelease. */
    public io.chorus.schemas.avro.FeatureConfig toAvro() {
        return io.chorus.schemas.avro.FeatureConfig.newBuilder()
                .setSampleRateHz(sampleRateHz).setWindowSeconds(windowSeconds).setWindowHopSeconds(windowHopSeconds)
                .setNFft(nFft).setHopLengthSamples(hopLengthSamples).setNMels(nMels).setFMinHz(fMinHz).setFMaxHz(fMaxHz)
                .setMelScale(MEL_SCALE).setFrames(frames()).setNormalization(NORMALIZATION).build();
    }

    /**
     * Reads a release's feature config; refuses one this front end cannot compute, naming why,
     * so a bad release is rejected before it serves.
     */
    public static FeatureConfig fromAvro(io.chorus.schemas.avro.FeatureConfig avro) {
        require(MEL_SCALE.equals(avro.getMelScale()), "mel scale '" + avro.getMelScale() + "' is not supported (htk only)");
        require(NORMALIZATION.equals(avro.getNormalization()),
                "normalization '" + avro.getNormalization() + "' is not supported (" + NORMALIZATION + " only)");
        FeatureConfig config = new FeatureConfig(avro.getSampleRateHz(), avro.getWindowSeconds(), avro.getWindowHopSeconds(),
                avro.getNFft(), avro.getHopLengthSamples(), avro.getNMels(), avro.getFMinHz(), avro.getFMaxHz());
        require(config.frames() == avro.getFrames(), "frames " + avro.getFrames() + " does not match the STFT settings ("
                + config.frames() + ")");
        return config;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("feature config: " + message);
        }
    }
}
