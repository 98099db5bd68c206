package io.chorus.audio.synthetic;

import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Writes a synthetic chorus in AnuraSet's published layout, so one loader reads both:
 * {@code metadata.csv} (sample_name, fname, min_t, max_t, site, date, species_number, subset,
 * then one 0/1 column per species) and {@code audio/<site>/<fname>_<min_t>_<max_t>.wav}; plus
 * {@code events.csv} (every call: the ground truth at call level) and {@code chorus.properties}
 * (the config that made it).
 */
public final class AnuraSetLayoutWriter {

    private AnuraSetLayoutWriter() {
    }

    /**
     * @param progress called with the number of recordings written so far
     * @return clips written
     */
    public static int write(ChorusGenerator generator, Path root, IntConsumer progress) throws IOException {
        ChorusConfig c = generator.config();
        Files.createDirectories(root.resolve("audio"));
        Files.writeString(root.resolve("chorus.properties"), c.toProperties());
        int clips = 0;
        int done = 0;
        try (BufferedWriter meta = Files.newBufferedWriter(root.resolve("metadata.csv"));
             BufferedWriter events = Files.newBufferedWriter(root.resolve("events.csv"))) {
            meta.write("sample_name,fname,min_t,max_t,site,date,species_number,subset," + String.join(",", c.species()));
            meta.newLine();
            events.write("fname,species,start_s,end_s,snr_db");
            events.newLine();
            for (int s = 0; s < c.sites().size(); s++) {
                Path siteDir = Files.createDirectories(root.resolve("audio").resolve(c.sites().get(s)));
                for (int r = 0; r < c.recordingsPerSite(); r++) {
                    ChorusGenerator.Recording rec = generator.recording(s, r);
                    for (CallEvent e : rec.events()) {
                        events.write(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.1f", rec.fname(), e.species(),
                                e.startSeconds(), e.endSeconds(), e.snrDb()));
                        events.newLine();
                    }
                    int clipSamples = (int) Math.round(c.clipSeconds() * c.sampleRateHz());
                    for (double from = 0; from + c.clipSeconds() <= c.recordingSeconds() + 1e-9; from += c.clipHopSeconds()) {
                        int minT = (int) Math.round(from);
                        int maxT = (int) Math.round(from + c.clipSeconds());
                        int offset = (int) Math.round(from * c.sampleRateHz());
                        float[] clip = new float[clipSamples];
                        System.arraycopy(rec.audio(), offset, clip, 0, Math.min(clipSamples, rec.audio().length - offset));
                        String sample = rec.fname() + "_" + minT + "_" + maxT;
                        WavCodec.write16(siteDir.resolve(sample + ".wav"), new WavAudio(c.sampleRateHz(), 1, clip));
                        int[] y = ChorusGenerator.labels(rec.events(), c.species(), from, from + c.clipSeconds());
                        StringBuilder row = new StringBuilder();
                        int present = 0;
                        for (int v : y) {
                            present += v;
                        }
                        row.append(sample).append(',').append(rec.fname()).append(',').append(minT).append(',').append(maxT)
                                .append(',').append(rec.site()).append(',').append(rec.fname().split("_")[1]).append(',')
                                .append(present).append(',').append(rec.subset());
                        for (int v : y) {
                            row.append(',').append(v);
                        }
                        meta.write(row.toString());
                        meta.newLine();
                        clips++;
                    }
                    progress.accept(++done);
                }
            }
        }
        return clips;
    }
}
