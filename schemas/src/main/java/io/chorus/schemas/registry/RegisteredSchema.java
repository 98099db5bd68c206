package io.chorus.schemas.registry;

/**
 * A schema as the registry holds it under a subject.
 *
 * @param subject the subject, e.g. {@code audio.chunks-value}
 * @param version version within the subject, from 1
 * @param id      global schema id, the one written in the wire format
 * @param schema  the schema text (Avro JSON)
 */
public record RegisteredSchema(String subject, int version, int id, String schema) {
}
