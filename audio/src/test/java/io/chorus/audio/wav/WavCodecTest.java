package io.chorus.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavCodecTest {

    /** A minimal WAV with the given format fields and raw data bytes. */
    static byte[] wav(int format, int channels, int rate, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + data.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.putInt(0x61746164).putInt(data.length).put(data);
        return b.array();
    }

    @Test
    void sixteenBitRoundTripsWithinOneStep() throws Exception {
        float[] samples = {0f, 0.5f, -0.5f, 0.999f, -1f};
        WavAudio back = WavCodec.decode(WavCodec.encode16(new WavAudio(22_050, 1, samples)), "mem");
        assertThat(back.sampleRateHz()).isEqualTo(22_050);
        assertThat(back.samples()).containsExactly(samples, offset(1e-4f));
    }

    @Test
    void everySupportedEncodingDecodesToTheSameScale() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-0.5f);
        assertThat(WavCodec.decode(wav(3, 1, 96_000, 32, f.array()), "f32").samples()).containsExactly(0.25f, -0.5f);
        // 24-bit: 0x400000 = 0.5, 0xC00000 = -0.5
        byte[] s24 = {0x00, 0x00, 0x40, 0x00, 0x00, (byte) 0xC0};
        assertThat(WavCodec.decode(wav(1, 1, 48_000, 24, s24), "s24").samples()).containsExactly(0.5f, -0.5f);
        ByteBuffer i32 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MIN_VALUE / 4);
        assertThat(WavCodec.decode(wav(1, 1, 44_100, 32, i32.array()), "s32").samples()).containsExactly(-0.25f);
        assertThat(WavCodec.decode(wav(1, 1, 8_000, 8, new byte[] {(byte) 128, (byte) 192}), "u8").samples()).containsExactly(0f, 0.5f);
    }

    @Test
    void multiChannelAudioDownmixesOrPicksAChannel() throws Exception {
        WavAudio stereo = new WavAudio(16_000, 2, new float[] {1f, 0f, 0.5f, -0.5f});
        assertThat(stereo.frames()).isEqualTo(2);
        assertThat(stereo.mono(-1)).containsExactly(0.5f, 0f);
        assertThat(stereo.mono(1)).containsExactly(0f, -0.5f);
        assertThatThrownBy(() -> stereo.mono(2)).hasMessageContaining("has 2");
    }

    @Test
    void badFilesAreRefusedWithTheirNameAndReason() {
        expect(new byte[] {1, 2, 3}, "NOT_WAV");
        byte[] good = wav(1, 1, 16_000, 16, new byte[20]);
        expect(Arrays.copyOf(good, 50), "TRUNCATED"); // data chunk says 20 bytes, 6 present
        expect(wav(1, 2, 16_000, 16, new byte[6]), "TRUNCATED"); // 6 bytes are not whole 4-byte frames
        expect(wav(2, 1, 16_000, 4, new byte[8]), "UNSUPPORTED_ENCODING"); // ADPCM
        ByteBuffer nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        expect(wav(3, 1, 16_000, 32, nan.array()), "NON_FINITE");
    }

    private static void expect(byte[] bytes, String reason) {
        assertThatThrownBy(() -> WavCodec.decode(bytes, "site/clip.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("site/clip.wav")
                .satisfies(e -> assertThat(((AudioFormatException) e).reasonCode()).isEqualTo(reason));
    }
}
