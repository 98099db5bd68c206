package io.chorus.audio.synthetic;

import io.chorus.audio.species.SpeciesGroups;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic anuran choruses: every species a parametric call (carrier and harmonics, FM sweep,
 * pulse rate and duty, call length), species frequencies following AnuraSet's imbalance
 * (frequent / common / rare tiers), calls overlapping freely, per-site backgrounds (wind, rain,
 * insects, hum) and a spread of call-to-background levels. Everything derives from the config's
 * seed: the same config gives the same recordings, sample for sample.
 *
 * <p>Made hard on purpose: about half the rare species share a carrier within ±8 % with another
 * species and differ only in pulse pattern; insects sit in the frogs' band; quiet calls
 * (down to −6 dB under the background) still count as present, as in AnuraSet.
 */
public final class ChorusGenerator {

    /** A synthetic recording and its ground truth. */
    public record Recording(String site, String fname, String subset, int sampleRateHz, float[] audio, List<CallEvent> events) {
    }

    private static final double BACKGROUND_RMS = 0.01; // about −40 dBFS

    private final ChorusConfig config;
    private final List<SpeciesProfile> profiles;

    public ChorusGenerator(ChorusConfig config) {
        this.config = config;
        this.profiles = buildProfiles(config);
    }

    public ChorusConfig config() {
        return config;
    }

    public List<SpeciesProfile> profiles() {
        return profiles;
    }

    private static List<SpeciesProfile> buildProfiles(ChorusConfig config) {
        Random rng = new Random(config.seed() ^ 0x5EEDL);
        List<String> species = config.species();
        List<SpeciesProfile> out = new ArrayList<>();
        double[] carriers = new double[species.size()];
        for (int k = 0; k < species.size(); k++) {
            String code = species.get(k);
            String tier = SpeciesGroups.FREQUENT.contains(code) || (!SpeciesGroups.ANURASET_SPECIES.contains(code) && k < 4)
                    ? "frequent"
                    : SpeciesGroups.COMMON.contains(code) || (!SpeciesGroups.ANURASET_SPECIES.contains(code) && k < 12) ? "common" : "rare";
            double carrier;
            int twin = k - species.size() / 2;
            if (twin >= 0 && rng.nextBoolean()) {
                carrier = carriers[twin] * (0.92 + 0.16 * rng.nextDouble()); // a confusable twin
            } else {
                carrier = 450 * Math.pow(6500.0 / 450, rng.nextDouble());
            }
            carriers[k] = carrier;
            double activity;
            double rate;
            Set<String> sites = new HashSet<>();
            switch (tier) {
                case "frequent" -> {
                    activity = 0.55 + 0.2 * rng.nextDouble();
                    rate = 15 + 15 * rng.nextDouble();
                    sites.addAll(config.sites());
                }
                case "common" -> {
                    activity = 0.15 + 0.15 * rng.nextDouble();
                    rate = 8 + 8 * rng.nextDouble();
                    sites.addAll(config.sites());
                    if (config.sites().size() > 1) {
                        sites.remove(config.sites().get(rng.nextInt(config.sites().size())));
                    }
                }
                default -> {
                    activity = 0.02 + 0.1 * rng.nextDouble();
                    rate = 4 + 6 * rng.nextDouble();
                    int homes = 1 + rng.nextInt(Math.min(2, config.sites().size()));
                    while (sites.size() < homes) {
                        sites.add(config.sites().get(rng.nextInt(config.sites().size())));
                    }
                }
            }
            boolean tonal = rng.nextDouble() < 0.3;
            // Arguments in this order: the seeded draws must come as they always did.
            out.add(new SpeciesProfile(code, new SpeciesProfile.Voice(carrier, (rng.nextDouble() - 0.5) * 0.6 * carrier,
                    1 + rng.nextInt(4), 0.3 + 0.4 * rng.nextDouble(), tonal ? 0 : 5 + 55 * rng.nextDouble(), 0.3 + 0.5 * rng.nextDouble(),
                    0.08 + 1.1 * rng.nextDouble()), new SpeciesProfile.Calling(activity, rate), Set.copyOf(sites)));
        }
        return List.copyOf(out);
    }

    /** Train or test: whole recordings, the last testFraction of each site's recordings in a seeded order. */
    public String subsetOf(int siteIndex, int index) {
        int n = config.recordingsPerSite();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(config.seed() * 31 + siteIndex);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int tests = Math.max(1, (int) Math.round(n * config.testFraction()));
        for (int i = n - tests; i < n; i++) {
            if (order[i] == index) {
                return "test";
            }
        }
        return "train";
    }

    /** The recording's file name stem, SITE_YYYYMMDD_HHMMSS as AnuraSet's raw files. */
    public String fname(int siteIndex, int index) {
        LocalDateTime start = LocalDateTime.of(2026, 1, 1, 18, 0).plusDays(index / 12).plusMinutes(20L * (index % 12));
        return config.sites().get(siteIndex) + "_" + start.format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    }

    /** Synthesises one recording; the same arguments always give the same samples. */
    public Recording recording(int siteIndex, int index) {
        String site = config.sites().get(siteIndex);
        Random rng = new Random(config.seed() * 1_000_003L + siteIndex * 10_007L + index);
        int rate = config.sampleRateHz();
        int n = (int) Math.round(config.recordingSeconds() * rate);
        float[] audio = background(siteIndex, n, rate, rng);
        List<CallEvent> events = new ArrayList<>();
        for (SpeciesProfile p : profiles) {
            if (!p.sites().contains(site) || rng.nextDouble() >= p.calling().activity()) {
                continue;
            }
            int calls = poisson(p.calling().callsPerMinute() * config.recordingSeconds() / 60.0, rng);
            for (int c = 0; c < calls; c++) {
                double start = rng.nextDouble() * (config.recordingSeconds() - p.voice().callSeconds() * 0.5);
                double snr = config.snrMinDb() + (config.snrMaxDb() - config.snrMinDb()) * rng.nextDouble();
                double amplitude = BACKGROUND_RMS * Math.sqrt(2) * Math.pow(10, snr / 20);
                int offset = (int) (start * rate);
                float[] call = renderCall(p, rate, amplitude, rng);
                for (int i = 0; i < call.length && offset + i < n; i++) {
                    audio[offset + i] += call[i];
                }
                double end = Math.min(config.recordingSeconds(), start + (double) call.length / rate);
                events.add(new CallEvent(p.code(), start, end, snr));
            }
        }
        float peak = 0;
        for (float v : audio) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 0.99f) {
            float scale = 0.99f / peak;
            for (int i = 0; i < n; i++) {
                audio[i] *= scale;
            }
        }
        events.sort((a, b) -> Double.compare(a.startSeconds(), b.startSeconds()));
        return new Recording(site, fname(siteIndex, index), subsetOf(siteIndex, index), rate, audio, List.copyOf(events));
    }

    /** One call: pulses of a swept harmonic tone, each pulse with a raised-cosine envelope. */
    static float[] renderCall(SpeciesProfile p, int rate, double amplitude, Random rng) {
        double length = p.voice().callSeconds() * (0.85 + 0.3 * rng.nextDouble());
        int n = Math.max(1, (int) (length * rate));
        float[] out = new float[n];
        double phase = 0;
        double harmonicNorm = 0;
        for (int h = 0; h < p.voice().harmonics(); h++) {
            harmonicNorm += Math.pow(p.voice().harmonicDecay(), h);
        }
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double f = p.voice().carrierHz() + p.voice().sweepHz() * t / length;
            phase += 2 * Math.PI * f / rate;
            double envelope;
            if (p.voice().pulseRateHz() > 0) {
                double within = (t * p.voice().pulseRateHz()) % 1.0;
                envelope = within < p.voice().dutyCycle() ? Math.sin(Math.PI * within / p.voice().dutyCycle()) : 0;
            } else {
                envelope = Math.sin(Math.PI * i / n);
            }
            double v = 0;
            for (int h = 0; h < p.voice().harmonics(); h++) {
                if (f * (h + 1) < rate / 2.0) {
                    v += Math.pow(p.voice().harmonicDecay(), h) * Math.sin((h + 1) * phase);
                }
            }
            out[i] = (float) (amplitude * envelope * v / harmonicNorm);
        }
        return out;
    }

    /** Per-site mix of wind, rain, insects and hum, scaled to the background RMS with a per-recording jitter. */
    private float[] background(int siteIndex, int n, int rate, Random rng) {
        Random siteRng = new Random(config.seed() * 7 + siteIndex);
        double wind = siteRng.nextDouble();
        double rain = siteRng.nextDouble() * 0.7;
        double insects = siteRng.nextDouble();
        double hum = siteRng.nextDouble() < 0.5 ? siteRng.nextDouble() * 0.5 : 0;
        double insectHz = 4000 + 3500 * siteRng.nextDouble();
        double humHz = siteRng.nextBoolean() ? 50 : 60;
        double[] x = new double[n];
        double brown = 0;
        double drop = 0;
        double windPhase = rng.nextDouble() * 2 * Math.PI;
        boolean insectOn = rng.nextBoolean();
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double white = rng.nextGaussian();
            brown = 0.995 * brown + 0.05 * white;
            double w = wind * brown * (1 + 0.5 * Math.sin(2 * Math.PI * 0.1 * t + windPhase));
            if (rng.nextDouble() < 30.0 / rate) {
                drop = rng.nextGaussian();
            }
            drop *= Math.exp(-1.0 / (0.005 * rate));
            double r = rain * (0.3 * white + 3 * drop);
            if (rng.nextDouble() < 1.0 / (3.0 * rate)) {
                insectOn = !insectOn;
            }
            double s = insectOn ? insects * Math.sin(2 * Math.PI * insectHz * t) * (Math.sin(2 * Math.PI * 45 * t) > 0 ? 1 : 0.1) : 0;
            double h = hum * (Math.sin(2 * Math.PI * humHz * t) + 0.5 * Math.sin(4 * Math.PI * humHz * t));
            x[i] = w + r + s + h;
        }
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        double rms = Math.sqrt(sum / n);
        double target = BACKGROUND_RMS * Math.pow(10, (rng.nextDouble() * 12 - 6) / 20); // ±6 dB per recording
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (rms == 0 ? 0 : x[i] * target / rms);
        }
        return out;
    }

    private static int poisson(double mean, Random rng) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Multi-hot labels of a clip [from, to): 1 where any call of the species overlaps it. */
    public static int[] labels(List<CallEvent> events, List<String> species, double from, double to) {
        int[] y = new int[species.size()];
        for (CallEvent e : events) {
            if (e.overlaps(from, to)) {
                int k = species.indexOf(e.species());
                if (k >= 0) {
                    y[k] = 1;
                }
            }
        }
        return y;
    }
}
