package io.chorus.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerCarriesTheSchemaIdBigEndianAfterMagicZero() {
        byte[] payload = new byte[7];
        WireFormat.writeHeader(payload, 0x01020304);
        assertThat(payload).startsWith(0, 1, 2, 3, 4);
        assertThat(WireFormat.readSchemaId("t", payload)).isEqualTo(0x01020304);
    }

    @Test
    void aPayloadShorterThanTheHeaderIsTruncated() {
        assertThatThrownBy(() -> WireFormat.readSchemaId("audio.chunks", new byte[] {0, 0, 1}))
                .isInstanceOf(TruncatedPayloadException.class)
                .hasMessageContaining("audio.chunks").hasMessageContaining("3 bytes");
    }

    @Test
    void anotherFirstByteIsAnUnknownMagicByte() {
        assertThatThrownBy(() -> WireFormat.readSchemaId("detections", new byte[] {'{', '"', 'a', '"', ':'}))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessageContaining("detections").hasMessageContaining("0x7b");
    }
}
