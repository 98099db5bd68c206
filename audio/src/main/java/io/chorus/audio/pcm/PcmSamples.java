package io.chorus.audio.pcm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian PCM sample arithmetic shared by the WAV codec, the publisher and the stream
 * processor: integer samples scale to [-1, 1) by their full-scale value, float samples pass
 * through. One implementation, so a sample means the same number everywhere.
 */
public final class PcmSamples {

    private PcmSamples() {
    }

    /**
     * Decodes {@code count} samples starting at {@code offset}.
     *
     * @param bits     8 (unsigned), 16, 24 or 32 for integers; 32 for float
     * @param floating IEEE float samples
     * @return the samples, or throws {@link NonFiniteSampleException} at the first NaN or infinity
     */
    public static float[] decode(byte[] bytes, int offset, int count, int bits, boolean floating) {
        return decodeInto(bytes, offset, count, bits, floating, new float[count]);
    }

    /**
     * {@link #decode} into {@code samples} (its first {@code count} elements), for a caller that
     * decodes window after window and keeps one buffer rather than making garbage of every window.
     *
     * @return {@code samples}
     */
    public static float[] decodeInto(byte[] bytes, int offset, int count, int bits, boolean floating, float[] samples) {
        if (samples.length < count) {
            throw new IllegalArgumentException("a buffer of " + samples.length + " samples cannot hold " + count);
        }
        // One plain loop per layout (no per-sample branch or buffer call): the stream decodes every
        // window's 3 s on the scoring thread, where this was a sixth of the Java time.
        if (floating) {
            ByteBuffer.wrap(bytes, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples, 0, count);
            for (int i = 0; i < count; i++) {
                if (!Float.isFinite(samples[i])) {
                    throw new NonFiniteSampleException(i, samples[i]);
                }
            }
            return samples;
        }
        switch (bits) {
            case 8 -> {
                for (int i = 0; i < count; i++) {
                    samples[i] = ((bytes[offset + i] & 0xff) - 128) / 128f;
                }
            }
            case 16 -> {
                for (int i = 0; i < count; i++) {
                    int o = offset + 2 * i;
                    samples[i] = (short) ((bytes[o + 1] << 8) | (bytes[o] & 0xff)) / 32768f;
                }
            }
            case 24 -> {
                for (int i = 0; i < count; i++) {
                    int o = offset + 3 * i;
                    samples[i] = ((bytes[o + 2] << 16) | ((bytes[o + 1] & 0xff) << 8) | (bytes[o] & 0xff)) / 8388608f;
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    int o = offset + 4 * i;
                    samples[i] = ((bytes[o + 3] << 24) | ((bytes[o + 2] & 0xff) << 16) | ((bytes[o + 1] & 0xff) << 8) | (bytes[o] & 0xff))
                            / 2147483648f;
                }
            }
        }
        return samples;
    }

    /** Averages interleaved channels into one; returns the input itself when it is mono. */
    public static float[] downmix(float[] interleaved, int channels) {
        if (channels == 1) {
            return interleaved;
        }
        float[] mono = new float[interleaved.length / channels];
        for (int f = 0; f < mono.length; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[f * channels + c];
            }
            mono[f] = sum / channels;
        }
        return mono;
    }

    /** 32-bit float little endian: lossless for samples decoded from 8, 16 and 24-bit PCM. */
    public static byte[] encodeFloat32(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(samples);
        return b.array();
    }

    /** 16-bit signed little endian, clipped to [-1, 1]. */
    public static byte[] encode16(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putShort(to16(s));
        }
        return b.array();
    }

    public static short to16(float s) {
        float c = Math.max(-1f, Math.min(1f, s));
        return (short) Math.round(c * 32767f);
    }

    /** A float sample that is NaN or infinite. */
    public static final class NonFiniteSampleException extends IllegalArgumentException {
        private final int index;

        public NonFiniteSampleException(int index, float value) {
            super("sample " + index + " is " + value);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }
}
