package io.chorus.audio.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decoding against the definition, sample by sample through a ByteBuffer, for every layout and an offset. */
class PcmSamplesTest {

    static float reference(ByteBuffer b, int o, int bits, boolean floating) {
        if (floating) {
            return b.getFloat(o);
        }
        return switch (bits) {
            case 8 -> ((b.get(o) & 0xff) - 128) / 128f;
            case 16 -> b.getShort(o) / 32768f;
            case 24 -> ((b.get(o + 2) << 16) | ((b.get(o + 1) & 0xff) << 8) | (b.get(o) & 0xff)) / 8388608f;
            default -> b.getInt(o) / 2147483648f;
        };
    }

    @Test
    void decodesEveryLayoutAsItsDefinition() {
        Random rng = new Random(3);
        int[][] layouts = {{8, 0}, {16, 0}, {24, 0}, {32, 0}, {32, 1}};
        for (int[] layout : layouts) {
            int bits = layout[0];
            boolean floating = layout[1] == 1;
            int count = 1001;
            int offset = 7;
            byte[] bytes = new byte[offset + count * bits / 8 + 5];
            if (floating) {
                ByteBuffer w = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; i++) {
                    w.putFloat(offset + 4 * i, (float) rng.nextGaussian());
                }
            } else {
                rng.nextBytes(bytes);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = PcmSamples.decode(bytes, offset, count, bits, floating);
            assertThat(decoded).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(decoded[i]).as("%d-bit%s sample %d", bits, floating ? " float" : "", i)
                        .isEqualTo(reference(b, offset + i * bits / 8, bits, floating));
            }
        }
        assertThat(PcmSamples.decode(new byte[]{0, (byte) 0x80, (byte) 0xff, 0x7f}, 0, 2, 16, false)).containsExactly(-1f, 32767 / 32768f);
    }

    @Test
    void decodesIntoAGivenBufferAsIntoANewOne() {
        Random rng = new Random(5);
        byte[] bytes = new byte[4 * 300];
        rng.nextBytes(bytes);
        for (int bits : new int[] {8, 16, 24, 32}) {
            int count = bytes.length / (bits / 8) - 1;
            float[] buffer = new float[count + 3];
            java.util.Arrays.fill(buffer, 9f);
            assertThat(PcmSamples.decodeInto(bytes, 1, count, bits, false, buffer)).isSameAs(buffer);
            assertThat(java.util.Arrays.copyOf(buffer, count)).as("%d-bit", bits).containsExactly(PcmSamples.decode(bytes, 1, count, bits, false));
            assertThat(java.util.Arrays.copyOfRange(buffer, count, buffer.length)).as("past the samples").containsOnly(9f);
        }
        assertThatThrownBy(() -> PcmSamples.decodeInto(bytes, 0, 10, 16, false, new float[9]))
                .hasMessage("a buffer of 9 samples cannot hold 10");
    }

    @Test
    void namesTheFirstNonFiniteFloatSample() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(0.25f).putFloat(Float.NaN)
                .putFloat(Float.POSITIVE_INFINITY).array();
        assertThatThrownBy(() -> PcmSamples.decode(bytes, 0, 4, 32, true)).isInstanceOf(PcmSamples.NonFiniteSampleException.class)
                .hasMessage("sample 2 is NaN");
    }
}
