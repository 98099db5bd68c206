package io.chorus.ingest.publish;

import io.chorus.schemas.avro.AudioEncoding;

/**
 * How recordings become chunks.
 *
 * @param chunkSeconds   audio per chunk (~1 s)
 * @param encoding       PCM_S16LE (what field recorders record; 24-bit input is rounded) or PCM_F32LE (lossless)
 * @param realtime       pace chunks at recording speed; otherwise as fast as Kafka takes them
 * @param chunksPerTransaction chunks committed together (a restart resumes after the last commit)
 */
public record PublisherSettings(double chunkSeconds, AudioEncoding encoding, boolean realtime, int chunksPerTransaction) {

    public PublisherSettings {
        if (!(chunkSeconds > 0 && chunkSeconds <= 10)) {
            throw new IllegalArgumentException("chunk seconds must be in (0, 10], got " + chunkSeconds);
        }
        if (encoding != AudioEncoding.PCM_S16LE && encoding != AudioEncoding.PCM_F32LE) {
            throw new IllegalArgumentException("encoding must be PCM_S16LE or PCM_F32LE, got " + encoding);
        }
        if (chunksPerTransaction < 1) {
            throw new IllegalArgumentException("chunks per transaction must be >= 1");
        }
    }

    public static PublisherSettings defaults() {
        return new PublisherSettings(1.0, AudioEncoding.PCM_S16LE, false, 50);
    }
}
