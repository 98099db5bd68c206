package io.chorus.ingest.health;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RecorderStatus;
import io.chorus.schemas.pcm.PcmLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per recorder: levels (RMS, peak), clipping and silence ratios, gaps and late chunks over
 * event-time windows, one report per finished window. A wall-clock punctuation reports a
 * recorder OFFLINE when nothing arrived for the configured time; its next chunk reports it
 * ONLINE at once.
 */
final class MeasureHealth implements Processor<String, AudioChunk, String, RecorderHealth> {

    private static final long TIME_GAP_TOLERANCE_MICROS = 5_000;

    private final HealthSettings settings;
    private final HealthGauges gauges;
    private final double silenceAmplitude;
    private ProcessorContext<String, RecorderHealth> context;
    private KeyValueStore<String, RecorderState> store;

    MeasureHealth(HealthSettings settings, HealthGauges gauges) {
        this.settings = settings;
        this.gauges = gauges;
        this.silenceAmplitude = Math.pow(10, settings.silenceDbfs() / 20);
    }

    @Override
    public void init(ProcessorContext<String, RecorderHealth> context) {
        this.context = context;
        this.store = context.getStateStore(RecorderHealthTopology.STORE);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::markOffline);
    }

    @Override
    public void process(Record<String, AudioChunk> record) {
        AudioChunk c = record.value();
        if (c == null || record.key() == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        RecorderState s = store.get(record.key());
        if (s == null) {
            s = new RecorderState();
            s.recorderId = record.key();
        }
        s.siteId = c.getSiteId();
        s.lastSeenMillis = now;
        s.sampleRateHz = c.getSampleRateHz();
        long startMicros = c.getStartTime().getEpochSecond() * 1_000_000L + c.getStartTime().getNano() / 1000;
        long windowMillis = settings.window().toMillis();
        long chunkWindow = Math.floorDiv(startMicros / 1000, windowMillis) * windowMillis;
        if (!s.online) {
            s.online = true;
            forward(s, now, RecorderStatus.ONLINE); // back: say so at once
        }
        if (s.windowStartMillis == Long.MIN_VALUE) {
            s.resetWindow(chunkWindow);
        } else if (chunkWindow > s.windowStartMillis) {
            finishWindow(s, now);
            s.resetWindow(chunkWindow);
        } else if (chunkWindow < s.windowStartMillis) {
            s.lateChunks++;
            store.put(record.key(), s);
            return;
        }
        boolean sequenceGap = s.lastSequence >= 0 && c.getSequenceNumber() != s.lastSequence + 1;
        boolean timeGap = s.expectedNextMicros != Long.MIN_VALUE
                && startMicros - s.expectedNextMicros > TIME_GAP_TOLERANCE_MICROS;
        if (sequenceGap || timeGap) {
            s.gaps++;
        }
        if (timeGap) {
            s.gapSeconds += (startMicros - s.expectedNextMicros) / 1e6;
        }
        s.lastSequence = c.getSequenceNumber();
        s.expectedNextMicros = startMicros + Math.round(c.getFrameCount() * 1e6 / c.getSampleRateHz());
        s.chunks++;
        measure(s, c);
        store.put(record.key(), s);
    }

    private void measure(RecorderState s, AudioChunk c) {
        PcmLayout layout = PcmLayout.of(c.getEncoding()).orElse(null);
        if (layout == null) {
            gauges.unmeasured(s.recorderId, "UNSUPPORTED_ENCODING"); // the detection job dead-letters it
            return;
        }
        ByteBuffer data = c.getData();
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        int count = bytes.length / layout.bytesPerSample();
        float[] x;
        try {
            x = PcmSamples.decode(bytes, 0, count, layout.bits(), layout.floating());
        } catch (PcmSamples.NonFiniteSampleException e) {
            gauges.unmeasured(s.recorderId, "NON_FINITE_SAMPLES");
            return;
        }
        for (float v : x) {
            double a = Math.abs(v);
            s.sumSquares += a * a;
            s.peak = Math.max(s.peak, a);
            if (a >= settings.clipLevel()) {
                s.clipped++;
            }
            if (a < silenceAmplitude) {
                s.silent++;
            }
        }
        s.samples += x.length;
    }

    private void finishWindow(RecorderState s, long now) {
        s.lastRmsDbfs = dbfs(s.samples == 0 ? 0 : Math.sqrt(s.sumSquares / s.samples));
        s.lastPeakDbfs = dbfs(s.peak);
        s.lastClippingRatio = s.samples == 0 ? 0 : (float) s.clipped / s.samples;
        s.lastSilenceRatio = s.samples == 0 ? 0 : (float) s.silent / s.samples;
        forward(s, now, RecorderStatus.ONLINE);
    }

    private void markOffline(long now) {
        try (KeyValueIterator<String, RecorderState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, RecorderState> e = all.next();
                RecorderState s = e.value;
                if (s.online && now - s.lastSeenMillis > settings.offlineAfter().toMillis()) {
                    s.online = false;
                    store.put(e.key, s);
                    forward(s, now, RecorderStatus.OFFLINE);
                }
            }
        }
    }

    private void forward(RecorderState s, long now, RecorderStatus status) {
        RecorderHealth h = RecorderHealth.newBuilder()
                .setRecorderId(s.recorderId).setSiteId(s.siteId).setStatus(status)
                .setWindowStart(Instant.ofEpochMilli(s.windowStartMillis == Long.MIN_VALUE ? now : s.windowStartMillis))
                .setWindowEnd(Instant.ofEpochMilli((s.windowStartMillis == Long.MIN_VALUE ? now : s.windowStartMillis)
                        + settings.window().toMillis()))
                .setRmsDbfs(s.lastRmsDbfs).setPeakDbfs(s.lastPeakDbfs)
                .setClippingRatio(s.lastClippingRatio).setSilenceRatio(s.lastSilenceRatio)
                .setChunkCount(s.chunks).setGapCount(s.gaps).setGapSeconds(s.gapSeconds).setLateChunkCount(s.lateChunks)
                .setSampleRateHz(s.sampleRateHz == 0 ? null : s.sampleRateHz)
                .setLastSeen(s.lastSeenMillis == 0 ? null : Instant.ofEpochMilli(s.lastSeenMillis))
                .setReportedAt(Instant.ofEpochMilli(now))
                .build();
        gauges.report(h);
        context.forward(new Record<>(s.recorderId, h, now));
    }

    static float dbfs(double amplitude) {
        return (float) Math.max(-120.0, 20 * Math.log10(Math.max(amplitude, 1e-6)));
    }
}
