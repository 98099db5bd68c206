package io.chorus.audio.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.audio.species.SpeciesGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChorusGeneratorTest {

    static ChorusConfig small(long seed) {
        ChorusConfig d = ChorusConfig.defaults();
        return new ChorusConfig(seed, d.sites(), new ChorusConfig.Recordings(8, 12.0, 16_000),
                new ChorusConfig.Clips(3.0, 3.0), 0.25, d.snr(), d.species());
    }

    @Test
    void theSameSeedGivesTheSameRecordingAndAnotherSeedAnother() {
        ChorusGenerator a = new ChorusGenerator(small(1));
        ChorusGenerator b = new ChorusGenerator(small(1));
        ChorusGenerator c = new ChorusGenerator(small(2));
        assertThat(a.recording(1, 3).audio()).isEqualTo(b.recording(1, 3).audio());
        assertThat(a.recording(1, 3).events()).isEqualTo(b.recording(1, 3).events());
        assertThat(a.recording(1, 3).audio()).isNotEqualTo(c.recording(1, 3).audio());
        assertThat(a.profiles()).hasSize(42);
    }

    @Test
    void frequentSpeciesCallFarMoreOftenThanRareOnesAndCallsOverlap() {
        ChorusConfig d = ChorusConfig.defaults();
        ChorusGenerator g = new ChorusGenerator(new ChorusConfig(5, d.sites(), new ChorusConfig.Recordings(24, 30.0, 8_000),
                new ChorusConfig.Clips(3.0, 3.0), 0.25, new ChorusConfig.Snr(-6, 24), d.species()));
        Map<String, Integer> calls = new HashMap<>();
        int polyphonic = 0;
        int clips = 0;
        for (int s = 0; s < 4; s++) {
            for (int r = 0; r < 24; r++) {
                ChorusGenerator.Recording rec = g.recording(s, r);
                rec.events().forEach(e -> calls.merge(SpeciesGroups.groupOf(e.species()), 1, Integer::sum));
                for (double t = 0; t + 3 <= 30; t += 3) {
                    int present = 0;
                    for (int v : ChorusGenerator.labels(rec.events(), d.species(), t, t + 3)) {
                        present += v;
                    }
                    polyphonic += present >= 2 ? 1 : 0;
                    clips++;
                }
            }
        }
        // Per species: 4 frequent vs 30 rare.
        double perFrequent = calls.get("frequent") / 4.0;
        double perRare = calls.getOrDefault("rare", 0) / 30.0;
        assertThat(perFrequent).isGreaterThan(20 * perRare);
        assertThat(calls.getOrDefault("rare", 0)).isPositive();
        assertThat(polyphonic / (double) clips).as("share of clips with 2+ species").isBetween(0.2, 0.95);
    }

    @Test
    void splitsAreByRecordingAndLabelsFollowTheOverlapRule() {
        ChorusGenerator g = new ChorusGenerator(small(3));
        Set<String> subsets = new HashSet<>();
        for (int r = 0; r < 8; r++) {
            subsets.add(g.subsetOf(0, r));
        }
        assertThat(subsets).containsExactlyInAnyOrder("train", "test");
        assertThat(g.fname(2, 0)).matches("INCT20955_\\d{8}_\\d{6}");

        List<CallEvent> events = List.of(new CallEvent("SPHSUR", 2.9, 3.2, 10), new CallEvent("BOABIS", 6.0, 6.5, 3));
        List<String> species = List.of("SPHSUR", "BOABIS");
        assertThat(ChorusGenerator.labels(events, species, 0, 3)).containsExactly(1, 0);
        assertThat(ChorusGenerator.labels(events, species, 3, 6)).containsExactly(1, 0);
        assertThat(ChorusGenerator.labels(events, species, 6, 9)).containsExactly(0, 1);
    }

    @Test
    void theLayoutWriterProducesAnuraSetsFiles(@TempDir Path dir) throws Exception {
        ChorusGenerator g = new ChorusGenerator(small(4));
        int clips = AnuraSetLayoutWriter.write(g, dir, n -> { });
        List<String> meta = Files.readAllLines(dir.resolve("metadata.csv"));
        assertThat(meta.get(0)).startsWith("sample_name,fname,min_t,max_t,site,date,species_number,subset,SPHSUR,BOABIS");
        assertThat(meta).hasSize(clips + 1);
        assertThat(clips).isEqualTo(4 * 8 * 4); // 12 s recordings, 3 s clips, 3 s hop
        String[] row = meta.get(1).split(",");
        assertThat(dir.resolve("audio").resolve(row[4]).resolve(row[0] + ".wav")).exists();
        assertThat(row[0]).isEqualTo(row[1] + "_" + row[2] + "_" + row[3]);
        assertThat(ChorusConfig.load(dir.resolve("chorus.properties"))).isEqualTo(small(4));
        assertThat(Files.readAllLines(dir.resolve("events.csv")).get(0)).isEqualTo("fname,species,start_s,end_s,snr_db");
    }
}
