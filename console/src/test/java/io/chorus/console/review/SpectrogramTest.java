package io.chorus.console.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import io.chorus.console.ConsoleFixtures;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SpectrogramTest {

    @Test
    void aToneIsBrightestAtItsFrequencyRow() throws Exception {
        int rate = 16_000;
        float[] s = new float[rate * 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * 3000 * i / rate));
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Spectrogram.png(new WavAudio(rate, 1, s))));
        int x = Spectrogram.LEFT + 50;
        int brightestY = -1;
        int best = -1;
        for (int y = Spectrogram.TOP; y < Spectrogram.TOP + Spectrogram.PLOT_HEIGHT; y++) {
            int rgb = img.getRGB(x, y);
            int luma = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
            if (luma > best) {
                best = luma;
                brightestY = y;
            }
        }
        double khz = (Spectrogram.TOP + Spectrogram.PLOT_HEIGHT - brightestY) / (double) Spectrogram.PLOT_HEIGHT * rate / 2000.0;
        assertThat(khz).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void theClipPlaysAtTheRecordersRateForItsLength() throws Exception {
        ReviewRequest r = ConsoleFixtures.request("r", ReviewReason.UNCERTAIN, ConsoleFixtures.T0, ConsoleFixtures.T0, 0.1f, 0.1f, 0.1f,
                0.1f, 0.1f, 0.1f);
        WavAudio wav = WavCodec.decode(ClipAudio.wav(r), "r.wav");
        assertThat(wav.sampleRateHz()).isEqualTo(ConsoleFixtures.RATE);
        assertThat(wav.seconds()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(wav.samples()[100]).isCloseTo(ClipAudio.of(r).samples()[100], org.assertj.core.data.Offset.offset(1e-4f));
    }
}
