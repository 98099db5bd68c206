package io.chorus.ingest.publish;

import io.chorus.audio.synthetic.CallEvent;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

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
    /** The same calls per recorder, in start order (a recording's events are sorted, recordings follow each other). */
    private final Map<String, List<Call>> truthByRecorder = new java.util.HashMap<>();
    /** No call outlasts the recording it is in. */
    private final java.time.Duration longestCall;
    private final float[][] current;
    private final int[] recordingIndex;
    private final int[] offset;
    private final long[] playedSamples;
    private final boolean[] silenced;

    /** @param seed fleet seed; recorders of one site hear different recordings of it */
    public SimulatedFleet(int recorders, int sites, long seed, Instant start, int sampleRateHz) {
        this(fleetConfig(seed, sites, Math.max(2, recorders), sampleRateHz, ChorusConfig.defaults().species()), recorders, start, 0);
    }

    /**
     * A fleet playing the recordings of {@code config} (its sites, species, rate and levels): recorder
     * r plays recording {@code firstRecording + r} of its site, then every {@code recorders}-th after
     * it, modulo the config's recordings per site. A base data set written from the same config's
     * recordings 0..k has the same species voices; start the fleet past k to play unseen audio.
     */
    public SimulatedFleet(ChorusConfig config, int recorders, Instant start, int firstRecording) {
        this.generator = new ChorusGenerator(config);
        this.longestCall = java.time.Duration.ofMillis(Math.round(config.recordingSeconds() * 1000));
        this.recorders = recorders;
        this.start = start;
        this.current = new float[recorders][];
        this.recordingIndex = new int[recorders];
        this.offset = new int[recorders];
        this.playedSamples = new long[recorders];
        this.silenced = new boolean[recorders];
        for (int r = 0; r < recorders; r++) {
            recordingIndex[r] = firstRecording + r;
        }
    }

    /** The generator config of a fleet: sites SIM00, SIM01 ..., one-minute recordings, the default levels. */
    public static ChorusConfig fleetConfig(long seed, int sites, int recordingsPerSite, int sampleRateHz, List<String> species) {
        ChorusConfig d = ChorusConfig.defaults();
        List<String> siteNames = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            siteNames.add(String.format("SIM%02d", s));
        }
        return new ChorusConfig(seed, siteNames, new ChorusConfig.Recordings(recordingsPerSite, d.recordingSeconds(), sampleRateHz),
                d.clips(), d.testFraction(), d.snr(), species);
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
        synchronized (truth) { // read by plays() from other threads
            playedSamples[r] += n;
        }
        return new Recording(recorderId(r), siteId(r), at, rate, out, "simulator:" + recorderId(r), Map.of("simulated", "true"));
    }

    private void load(int r) {
        int sites = generator.config().sites().size();
        int perSite = generator.config().recordingsPerSite();
        ChorusGenerator.Recording rec = generator.recording(r % sites, recordingIndex[r] % perSite);
        recordingIndex[r] += recorders; // the next of this site's recordings that no other recorder plays now
        Instant recStart = start.plusNanos(Math.round(playedSamples[r] * 1e9 / sampleRateHz()));
        synchronized (truth) {
            for (CallEvent e : rec.events()) {
                Call c = new Call(recorderId(r), siteId(r), e.species(), recStart.plusNanos(Math.round(e.startSeconds() * 1e9)),
                        recStart.plusNanos(Math.round(e.endSeconds() * 1e9)), e.snrDb());
                truth.add(c);
                truthByRecorder.computeIfAbsent(c.recorderId(), k -> new ArrayList<>()).add(c);
            }
        }
        current[r] = rec.audio();
        offset[r] = 0;
    }

    /** Every call generated so far, in generation order. */
    public List<Call> truth() {
        synchronized (truth) {
            return List.copyOf(truth);
        }
    }

    /** Species calling on a recorder's audio in [from, to): the label an honest expert gives that window. */
    public Set<String> speciesIn(String recorderId, Instant from, Instant to) {
        Set<String> out = new TreeSet<>();
        synchronized (truth) {
            List<Call> calls = truthByRecorder.getOrDefault(recorderId, List.of());
            Instant earliestStart = from.minus(longestCall);
            for (int i = calls.size() - 1; i >= 0 && !calls.get(i).start().isBefore(earliestStart); i--) {
                Call c = calls.get(i);
                if (c.start().isBefore(to) && c.end().isAfter(from)) {
                    out.add(c.species());
                }
            }
        }
        return out;
    }

    /** Whether this fleet played recorder {@code recorderId}'s audio at {@code at} (so {@link #speciesIn} knows the truth). */
    public boolean plays(String recorderId, Instant at) {
        for (int r = 0; r < recorders; r++) {
            if (recorderId(r).equals(recorderId)) {
                long played;
                synchronized (truth) {
                    played = playedSamples[r];
                }
                Instant end = start.plusNanos(Math.round(played * 1e9 / sampleRateHz()));
                return !at.isBefore(start) && at.isBefore(end);
            }
        }
        return false;
    }

    /** The species the fleet's generator knows, in label order. */
    public List<String> species() {
        return generator.config().species();
    }

    /** Stops a recorder: it publishes nothing more (a dead battery, for the health service to notice). */
    public void silence(String recorderId) {
        for (int r = 0; r < recorders; r++) {
            if (recorderId(r).equals(recorderId)) {
                silenced[r] = true;
            }
        }
    }

    /**
     * Streams every recorder until {@code keepGoing} says stop: one slice per recorder per round,
     * one transaction per round, paced at {@code speed} times real time (0: as fast as Kafka takes it).
     */
    public void playUntil(ChunkPublisher publisher, double sliceSeconds, double speed, BooleanSupplier keepGoing)
            throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < recorders; r++) {
            ids.add(recorderId(r));
        }
        publisher.prefetchPositions(ids);
        long wallStart = System.nanoTime();
        for (long round = 0; keepGoing.getAsBoolean(); round++) {
            if (speed > 0) {
                long due = wallStart + Math.round((round + 1) * sliceSeconds / speed * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            for (int r = 0; r < recorders; r++) {
                Recording slice = next(r, sliceSeconds); // a silenced recorder's clock runs on; nothing is sent
                if (!silenced[r]) {
                    publisher.append(slice);
                }
            }
            publisher.flush();
        }
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
