package io.chorus.schemas.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the
 * Avro binary encoding of the value.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the header for a schema id into the first five bytes of target. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        ByteBuffer.wrap(target, 1, 4).putInt(schemaId);
    }

    /**
     * Reads the schema id from the header.
     *
     * @param topic used only in the error message
     * @throws TruncatedPayloadException when fewer than five bytes are present
     * @throws UnknownMagicByteException when the first byte is not 0
     */
    public static int readSchemaId(String topic, byte[] payload) {
        if (payload.length < HEADER_LENGTH) {
            throw new TruncatedPayloadException("topic " + topic + ": record of " + payload.length
                    + " bytes is shorter than the 5-byte Confluent wire-format header", null);
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new UnknownMagicByteException(String.format(
                    "topic %s: unknown magic byte 0x%02x (expected 0x00): the record was not written in the Confluent "
                            + "wire format by a Schema Registry serializer", topic, payload[0] & 0xff));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
