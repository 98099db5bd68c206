package io.chorus.stream.inference;

import io.chorus.stream.windows.AudioWindow;

/** A window with the model's verdict. A Flink POJO. */
public class ScoredWindow {

    public AudioWindow window;
    /** Sigmoid score per label; null when scoring failed (see {@link #error}). */
    public float[] scores;
    public String[] labels;
    /** Effective decision threshold per label (model's, with overrides). */
    public float[] thresholds;
    /** Rare or priority species, per label. */
    public boolean[] flagged;
    public String modelName;
    public int modelVersion;
    public String device;
    public int batchSize;
    /** Wall time the batch holding this window spent in the network and front end (ns). */
    public long inferenceNanos;
    public long processedAtMillis;
    public String error;

    public ScoredWindow() {
    }

    public boolean detected(int label) {
        return scores[label] >= thresholds[label];
    }

    /**
     * The same verdict without the window's audio (a copy; this one is untouched). Consumers that
     * only need scores and times get this: a window's audio is ~265 KB at 22,050 Hz, and shipping it
     * to every keyed consumer was most of the job's serialization work (docs/BENCHMARKS.md §3).
     */
    public ScoredWindow withoutAudio() {
        ScoredWindow s = new ScoredWindow();
        AudioWindow w = new AudioWindow();
        w.windowId = window.windowId;
        w.recorderId = window.recorderId;
        w.siteId = window.siteId;
        w.startMicros = window.startMicros;
        w.endMicros = window.endMicros;
        w.sampleRateHz = window.sampleRateHz;
        w.pcm = new byte[0];
        w.pcmBytesPerSample = window.pcmBytesPerSample;
        w.gapFilledSeconds = window.gapFilledSeconds;
        w.lastChunkPublishedAtMillis = window.lastChunkPublishedAtMillis;
        w.assembledAtMillis = window.assembledAtMillis;
        s.window = w;
        s.scores = scores;
        s.labels = labels;
        s.thresholds = thresholds;
        s.flagged = flagged;
        s.modelName = modelName;
        s.modelVersion = modelVersion;
        s.device = device;
        s.batchSize = batchSize;
        s.inferenceNanos = inferenceNanos;
        s.processedAtMillis = processedAtMillis;
        s.error = error;
        return s;
    }

    /** Index of the highest score. */
    public int best() {
        int b = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[b]) {
                b = i;
            }
        }
        return b;
    }
}
