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
    void failedReadsAreCountedPerTopicAndError() {
        RegistryAvroDeserializer<Object> reader = new RegistryAvroDeserializer<>(
                new io.chorus.schemas.registry.SchemaRegistryClient(io.chorus.schemas.registry.RegistryClientConfig.of("http://127.0.0.1:1")), null);
        double before = SerdeMetrics.ERRORS.labelValues("metric-test", "read", "UnknownMagicByteException").get();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> reader.deserialize("metric-test", new byte[] {1, 0, 0, 0, 1, 2}))
                    .isInstanceOf(UnknownMagicByteException.class);
        }
        assertThat(SerdeMetrics.ERRORS.labelValues("metric-test", "read", "UnknownMagicByteException").get()).isEqualTo(before + 2);
    }

    @Test
    void anotherFirstByteIsAnUnknownMagicByte() {
        assertThatThrownBy(() -> WireFormat.readSchemaId("detections", new byte[] {'{', '"', 'a', '"', ':'}))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessageContaining("detections").hasMessageContaining("0x7b");
    }
}
