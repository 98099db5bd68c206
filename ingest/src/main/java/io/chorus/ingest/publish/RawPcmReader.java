package io.chorus.ingest.publish;

import io.chorus.audio.pcm.PcmSamples;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Raw interleaved PCM from a stream (stdin fed by {@code arecord}, {@code sox} or {@code ffmpeg}),
 * in the declared format, cut into mono blocks. A stream that ends inside a frame has that
 * partial frame dropped and counted ({@link #droppedBytes()}), never misread as audio.
 */
public final class RawPcmReader {

    /** Sample formats as ffmpeg and sox name them. */
    public enum Format {
        S16LE(16, false), S24LE(24, false), S32LE(32, false), F32LE(32, true);

        final int bits;
        final boolean floating;

        Format(int bits, boolean floating) {
            this.bits = bits;
            this.floating = floating;
        }

        public static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PCM format must be s16le, s24le, s32le or f32le, got '" + s + "'", e);
            }
        }
    }

    private final InputStream in;
    private final int channels;
    private final Format format;
    private final int channel;
    private final int frameBytes;
    private long droppedBytes;
    private boolean ended;

    /** @param channel which channel to keep, or -1 to average them */
    public RawPcmReader(InputStream in, int channels, Format format, int channel) {
        if (channels < 1 || channel >= channels) {
            throw new IllegalArgumentException("channel " + channel + " of " + channels + " channels");
        }
        this.in = in;
        this.channels = channels;
        this.format = format;
        this.channel = channel;
        this.frameBytes = channels * format.bits / 8;
    }

    /** Up to {@code frames} mono samples; fewer at the end of the stream, null once it has ended. */
    public float[] next(int frames) throws IOException {
        if (ended) {
            return null;
        }
        byte[] buffer = in.readNBytes(frames * frameBytes);
        if (buffer.length < frames * frameBytes) {
            ended = true;
            droppedBytes = buffer.length % frameBytes;
        }
        int whole = buffer.length / frameBytes;
        if (whole == 0) {
            return null;
        }
        float[] interleaved;
        try {
            interleaved = PcmSamples.decode(buffer, 0, whole * channels, format.bits, format.floating);
        } catch (PcmSamples.NonFiniteSampleException e) {
            throw new IOException("stdin: " + e.getMessage() + " (not " + format + " audio?)", e);
        }
        return new io.chorus.audio.wav.WavAudio(1, channels, interleaved).mono(channel);
    }

    /** Bytes of a partial last frame that were dropped when the stream ended. */
    public long droppedBytes() {
        return droppedBytes;
    }
}
