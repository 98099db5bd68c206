package io.chorus.ingest.publish;

import java.time.Instant;
import java.util.Map;

/**
 * Mono audio of one recorder from one source, with the event time of its first sample.
 *
 * @param source     file path, stream URI or simulator name (goes into every chunk)
 * @param attributes recorder attributes passed through (model, gain, latitude, ...)
 */
public record Recording(String recorderId, String siteId, Instant start, int sampleRateHz, float[] samples, String source,
                        Map<String, String> attributes) {

    public double seconds() {
        return (double) samples.length / sampleRateHz;
    }
}
