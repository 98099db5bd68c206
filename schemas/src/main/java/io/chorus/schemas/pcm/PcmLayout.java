package io.chorus.schemas.pcm;

import io.chorus.schemas.avro.AudioEncoding;
import java.util.Optional;

/**
 * What an {@link AudioEncoding} means for the bytes: bits per sample and whether they are IEEE
 * floats. The one mapping every reader of audio records uses.
 */
public record PcmLayout(int bits, boolean floating) {

    /** The layout of a supported encoding; empty for UNKNOWN (or a symbol added later). */
    public static Optional<PcmLayout> of(AudioEncoding encoding) {
        if (encoding == null) {
            return Optional.empty();
        }
        return switch (encoding) {
            case PCM_S16LE -> Optional.of(new PcmLayout(16, false));
            case PCM_S24LE -> Optional.of(new PcmLayout(24, false));
            case PCM_S32LE -> Optional.of(new PcmLayout(32, false));
            case PCM_F32LE -> Optional.of(new PcmLayout(32, true));
            default -> Optional.empty();
        };
    }

    public int bytesPerSample() {
        return bits / 8;
    }
}
