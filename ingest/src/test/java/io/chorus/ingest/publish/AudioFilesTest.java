package io.chorus.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.audio.wav.AudioFormatException;
import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import net.sourceforge.javaflacencoder.FLAC_FileEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {

    @TempDir
    Path dir;

    static WavAudio stereo(int rate, double seconds) {
        int frames = (int) (rate * seconds);
        float[] x = new float[frames * 2];
        for (int f = 0; f < frames; f++) {
            x[2 * f] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * f / rate));
            x[2 * f + 1] = (float) (0.25 * Math.sin(2 * Math.PI * 1000 * f / rate));
        }
        return new WavAudio(rate, 2, x);
    }

    Path flac(WavAudio audio, String name) throws Exception {
        Path wav = dir.resolve(name + ".wav");
        WavCodec.write16(wav, audio);
        Path flac = dir.resolve(name + ".flac");
        FLAC_FileEncoder.Status status = new FLAC_FileEncoder().encode(wav.toFile(), flac.toFile());
        assertThat(status).isEqualTo(FLAC_FileEncoder.Status.FULL_ENCODE);
        return flac;
    }

    @Test
    void flacDecodesToTheSameSamplesAsTheWavItCameFrom() throws Exception {
        WavAudio original = stereo(22_050, 1.5);
        Path flac = flac(original, "tone");
        WavAudio fromWav = WavCodec.read(dir.resolve("tone.wav"));
        WavAudio fromFlac = AudioFiles.read(flac);
        assertThat(fromFlac.sampleRateHz()).isEqualTo(22_050);
        assertThat(fromFlac.channels()).isEqualTo(2);
        assertThat(fromFlac.samples()).containsExactly(fromWav.samples());
        assertThat(fromFlac.mono(1)).hasSize(33_075);
    }

    @Test
    void aCutFlacOrANonAudioFileIsRefusedWithTheReason() throws Exception {
        Path flac = flac(stereo(16_000, 2), "long");
        byte[] bytes = Files.readAllBytes(flac);
        Path cut = dir.resolve("cut.flac");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> AudioFiles.read(cut)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("cut.flac");
        Path text = dir.resolve("notes.flac");
        Files.writeString(text, "field notes, not audio");
        assertThatThrownBy(() -> AudioFiles.read(text)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("notes.flac");
    }
}
