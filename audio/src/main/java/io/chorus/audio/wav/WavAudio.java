package io.chorus.audio.wav;

import io.chorus.audio.pcm.PcmSamples;

/**
 * Decoded PCM: samples as floats in [-1, 1], interleaved by channel.
 *
 * @param sampleRateHz samples per second per channel
 * @param channels     interleaved channels
 * @param samples      frameCount × channels floats
 */
public record WavAudio(int sampleRateHz, int channels, float[] samples) {

    public int frames() {
        return samples.length / channels;
    }

    public double seconds() {
        return (double) frames() / sampleRateHz;
    }

    /** One channel (0-based), or the mean of all channels when channel is -1. */
    public float[] mono(int channel) {
        if (channels == 1) {
            return samples;
        }
        if (channel >= channels) {
            throw new IllegalArgumentException("channel " + channel + " requested, the audio has " + channels);
        }
        if (channel < 0) {
            return PcmSamples.downmix(samples, channels);
        }
        float[] out = new float[frames()];
        for (int f = 0; f < out.length; f++) {
            out[f] = samples[f * channels + channel];
        }
        return out;
    }
}
