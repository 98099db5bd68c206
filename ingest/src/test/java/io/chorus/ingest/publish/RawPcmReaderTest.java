package io.chorus.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RawPcmReaderTest {

    @Test
    void cutsStereoS16IntoMonoBlocksAndDropsAPartialLastFrame() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(5 * 4 + 3).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < 5; f++) {
            b.putShort((short) (f * 1000)).putShort((short) (-f * 1000));
        }
        b.put(new byte[]{1, 2, 3}); // the stream closes mid-frame
        RawPcmReader left = new RawPcmReader(new ByteArrayInputStream(b.array()), 2, RawPcmReader.Format.S16LE, 0);
        assertThat(left.next(3)).containsExactly(0f, 1000 / 32768f, 2000 / 32768f);
        assertThat(left.next(3)).containsExactly(3000 / 32768f, 4000 / 32768f);
        assertThat(left.next(3)).isNull();
        assertThat(left.droppedBytes()).isEqualTo(3);

        RawPcmReader mixed = new RawPcmReader(new ByteArrayInputStream(b.array()), 2, RawPcmReader.Format.S16LE, -1);
        assertThat(mixed.next(5)).containsOnly(0f);
    }

    @Test
    void readsFloatAndTwentyFourBit() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-0.25f);
        assertThat(new RawPcmReader(new ByteArrayInputStream(f.array()), 1, RawPcmReader.Format.parse("f32le"), 0).next(4))
                .containsExactly(0.5f, -0.25f);
        byte[] s24 = {0, 0, 0x40}; // 0x400000 = half scale
        assertThat(new RawPcmReader(new ByteArrayInputStream(s24), 1, RawPcmReader.Format.S24LE, 0).next(1)).containsExactly(0.5f);
    }
}
