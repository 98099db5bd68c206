package io.chorus.audio.wav;

import io.chorus.audio.pcm.PcmSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE reading and writing: PCM 8, 16, 24 and 32-bit integer and 32-bit float
 * (format 1, 3, or WAVE_FORMAT_EXTENSIBLE carrying either), any rate and channel count.
 * Every refusal is an {@link AudioFormatException} naming the file and the reason.
 */
public final class WavCodec {

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavCodec() {
    }

    public static WavAudio read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return decode(bytes, file.toString());
    }

    /** Decodes WAV bytes; {@code name} is used in error messages. */
    public static WavAudio decode(byte[] bytes, String name) throws AudioFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
            throw new AudioFormatException("NOT_WAV", name + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int dataStart = -1;
        int dataLength = 0;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > bytes.length) {
                    throw new AudioFormatException("TRUNCATED", name + ": fmt chunk is cut short");
                }
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                if (format == EXTENSIBLE && size >= 26 && body + 26 <= bytes.length) {
                    format = b.getShort(body + 24) & 0xffff; // sub-format GUID starts with the format code
                }
            } else if (id == 0x61746164) { // "data"
                dataStart = body;
                long available = bytes.length - (long) body;
                if (size > available) {
                    throw new AudioFormatException("TRUNCATED", name + ": data chunk declares " + size + " bytes, only "
                            + available + " present");
                }
                dataLength = (int) size;
                break;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        if (format < 0) {
            throw new AudioFormatException("TRUNCATED", name + ": no fmt chunk");
        }
        if (dataStart < 0) {
            throw new AudioFormatException("TRUNCATED", name + ": no data chunk");
        }
        if (channels < 1 || rate < 1) {
            throw new AudioFormatException("BAD_HEADER", name + ": " + channels + " channels at " + rate + " Hz");
        }
        boolean integer = format == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean floating = format == IEEE_FLOAT && bits == 32;
        if (!integer && !floating) {
            throw new AudioFormatException("UNSUPPORTED_ENCODING", name + ": format " + format + " with " + bits
                    + " bits per sample is not supported (PCM 8/16/24/32-bit or 32-bit float)");
        }
        int bytesPerSample = bits / 8;
        int frameBytes = bytesPerSample * channels;
        if (dataLength % frameBytes != 0) {
            throw new AudioFormatException("TRUNCATED", name + ": " + dataLength + " data bytes are not whole frames of "
                    + frameBytes + " bytes");
        }
        float[] samples;
        try {
            samples = PcmSamples.decode(bytes, dataStart, dataLength / bytesPerSample, bits, floating);
        } catch (PcmSamples.NonFiniteSampleException e) {
            throw new AudioFormatException("NON_FINITE", name + ": " + e.getMessage());
        }
        return new WavAudio(rate, channels, samples);
    }

    /** Writes mono or interleaved samples as 16-bit PCM, clipping to [-1, 1]. */
    public static void write16(Path file, WavAudio audio) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(encode16(audio));
        }
    }

    public static byte[] encode16(WavAudio audio) {
        int dataBytes = audio.samples().length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) PCM).putShort((short) audio.channels())
                .putInt(audio.sampleRateHz()).putInt(audio.sampleRateHz() * audio.channels() * 2)
                .putShort((short) (audio.channels() * 2)).putShort((short) 16);
        b.putInt(0x61746164).putInt(dataBytes);
        b.put(PcmSamples.encode16(audio.samples()));
        return b.array();
    }
}
