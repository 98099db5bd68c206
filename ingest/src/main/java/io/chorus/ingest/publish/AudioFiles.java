package io.chorus.ingest.publish;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.audio.wav.AudioFormatException;
import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/**
 * Audio files the publisher reads: WAV (PCM 8/16/24/32-bit, 32-bit float, any channels and rate)
 * and FLAC (through jflac). Every refusal is an {@link AudioFormatException} naming the file and
 * the reason, so the publisher can report it and go on.
 */
public final class AudioFiles {

    private AudioFiles() {
    }

    public static boolean isAudio(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".wav") || name.endsWith(".flac");
    }

    public static WavAudio read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".flac")) {
            return readFlac(file);
        }
        return WavCodec.read(file);
    }

    static WavAudio readFlac(Path file) throws IOException {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        StreamInfo[] info = new StreamInfo[1];
        try (InputStream in = Files.newInputStream(file)) {
            FLACDecoder decoder = new FLACDecoder(in);
            decoder.addPCMProcessor(new PCMProcessor() {
                @Override
                public void processStreamInfo(StreamInfo streamInfo) {
                    info[0] = streamInfo;
                }

                @Override
                public void processPCM(ByteData data) {
                    pcm.write(data.getData(), 0, data.getLen());
                }
            });
            decoder.decode();
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException("CORRUPT", file + ": FLAC does not decode: " + e);
        }
        if (info[0] == null) {
            throw new AudioFormatException("NOT_AUDIO", file + ": no FLAC stream info (not a FLAC file)");
        }
        int bits = info[0].getBitsPerSample();
        int channels = info[0].getChannels();
        if (bits != 16 && bits != 24) {
            throw new AudioFormatException("UNSUPPORTED_ENCODING", file + ": FLAC with " + bits + " bits per sample "
                    + "(16 and 24 are supported)");
        }
        byte[] bytes = pcm.toByteArray();
        int samples = bytes.length / (bits / 8);
        long expected = info[0].getTotalSamples() * channels;
        if (expected > 0 && samples < expected) {
            throw new AudioFormatException("TRUNCATED", file + ": " + samples / channels + " of " + info[0].getTotalSamples()
                    + " frames decoded (file cut short?)");
        }
        return new WavAudio(info[0].getSampleRate(), channels, PcmSamples.decode(bytes, 0, samples, bits, false));
    }
}
