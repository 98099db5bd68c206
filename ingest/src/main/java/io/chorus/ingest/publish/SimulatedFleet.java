package io.chorus.ingest.publish;

import io.chorus.audio.synthetic.CallEvent;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * N recorders at M sites playing synthetic anuran choruses — the trainer's generator, so the
 * species, call shapes and ground truth are the ones models learn from. Each recorder streams
 * its site's recordings back to back; {@link #truth()} says who called where and when.
 */
public final class SimulatedFleet {

    /** A call in the fleet's audio: the ground truth tests and the local run check against. */
    public record Call(String recorderId, String siteId, String species, Instant start, Instant end, double snrDb) {
    }

    private final ChorusGenerator generator;
    private final int recorders;
    private final Instant start;
    private final List<Call> truth = new ArrayList<>();
    private final float[][] current;
    private final int[] recordingIndex;
    private final int[] offset;
    private final long[] playedSamples;

    /** @param seed fleet seed; recorders of one site hear different recordings of it */
    public SimulatedFleet(int recorders, int sites, long seed, Instant start, int sampleRateHz) {
        ChorusConfig d = ChorusConfig.defaults();
        List<String> siteNames = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            siteNames.add(String.format("SIM%02d", s));
        }
        this.generator = new ChorusGenerator(new ChorusConfig(seed, siteNames, Math.max(2, recorders), d.recordingSeconds(),
                sampleRateHz, d.clipSeconds(), d.clipHopSeconds(), d.testFraction(), d.snrMinDb(), d.snrMaxDb(), d.species()));
        this.recorders = recorders;
        this.start = start;
        this.current = new float[recorders][];
        this.recordingIndex = new int[recorders];
        this.offset = new int[recorders];
        this.playedSamples = new long[recorders];
        for (int r = 0; r < recorders; r++) {
            recordingIndex[r] = r;
        }
    }

    public int recorders() {
        return recorders;
    }

    public String recorderId(int r) {
        return String.format("sim-%03d", r);
    }

    public String siteId(int r) {
        return generator.config().sites().get(r % generator.config().sites().size());
    }

    public int sampleRateHz() {
        return generator.config().sampleRateHz();
    }

    /** The next {@code seconds} of recorder {@code r}, continuous with what came before. */
    public Recording next(int r, double seconds) {
        int rate = sampleRateHz();
        int n = (int) Math.round(seconds * rate);
        float[] out = new float[n];
        Instant at = start.plusNanos(Math.round(playedSamples[r] * 1e9 / rate));
        int filled = 0;
        while (filled < n) {
            if (current[r] == null || offset[r] >= current[r].length) {
                load(r);
            }
            int take = Math.min(n - filled, current[r].length - offset[r]);
            System.arraycopy(current[r], offset[r], out, filled, take);
            offset[r] += take;
            filled += take;
        }
        playedSamples[r] += n;
        return new Recording(recorderId(r), siteId(r), at, rate, out, "simulator:" + recorderId(r), Map.of("simulated", "true"));
    }

    private void load(int r) {
        int sites = generator.config().sites().size();
        int perSite = generator.config().recordingsPerSite();
        ChorusGenerator.Recording rec = generator.recording(r % sites, recordingIndex[r] % perSite);
        recordingIndex[r] += recorders; // the next of this site's recordings that no other recorder plays now
        Instant recStart = start.plusNanos(Math.round(playedSamples[r] * 1e9 / sampleRateHz()));
        for (CallEvent e : rec.events()) {
            truth.add(new Call(recorderId(r), siteId(r), e.species(), recStart.plusNanos(Math.round(e.startSeconds() * 1e9)),
                    recStart.plusNanos(Math.round(e.endSeconds() * 1e9)), e.snrDb()));
        }
        current[r] = rec.audio();
        offset[r] = 0;
    }

    /** Every call generated so far, in generation order. */
    public List<Call> truth() {
        return List.copyOf(truth);
    }

    /**
     * Streams {@code seconds} of every recorder, one chunk-length slice of each per round and one
     * transaction per round; {@code realtime} waits for each slice's end on the wall clock.
     */
    public void play(ChunkPublisher publisher, double seconds, double sliceSeconds, boolean realtime) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < recorders; r++) {
            ids.add(recorderId(r));
        }
        publisher.prefetchPositions(ids);
        long wallStart = System.nanoTime();
        int rounds = (int) Math.ceil(seconds / sliceSeconds);
        for (int round = 0; round < rounds; round++) {
            if (realtime) {
                long due = wallStart + Math.round((round + 1) * sliceSeconds * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            for (int r = 0; r < recorders; r++) {
                publisher.append(next(r, sliceSeconds));
            }
            publisher.flush();
        }
    }

    @Override
    public String toString() {
        return recorders + " simulated recorders at " + generator.config().sites().size() + " sites from " + start
                + " (" + sampleRateHz() + " Hz)";
    }
}
