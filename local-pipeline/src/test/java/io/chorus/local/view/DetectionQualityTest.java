package io.chorus.local.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionQualityTest {

    static final List<String> SPECIES = List.of("A", "B", "C");

    @Test
    void macroF1CountsOnlySpeciesPresentOrPredicted() {
        DetectionQuality q = new DetectionQuality(SPECIES, 100);
        q.add(1, Set.of("A"), Set.of("A"));        // A: tp
        q.add(1, Set.of("A", "B"), Set.of("A"));   // A: tp, B: fp
        q.add(1, Set.of(), Set.of("B"));           // B: fn
        // A: F1 1.0; B: tp 0, fp 1, fn 1 -> 0; C never present nor predicted -> not counted.
        assertThat(q.macroF1()).isCloseTo(0.5, within(1e-9));
        assertThat(q.perSpecies(1).get("C")).isNaN();
        assertThat(q.windowsByVersion()).containsEntry(1, 3);
    }

    @Test
    void theSlidingWindowForgetsOldWindowsButEachVersionKeepsItsOwnTotals() {
        DetectionQuality q = new DetectionQuality(SPECIES, 2);
        q.add(1, Set.of("A"), Set.of("B"));   // wrong
        q.add(2, Set.of("A"), Set.of("A"));   // right
        q.add(2, Set.of("C"), Set.of("C"));   // right
        assertThat(q.windows()).isEqualTo(2);
        assertThat(q.macroF1()).isEqualTo(1.0);
        assertThat(q.macroF1ByVersion()).containsEntry(1, 0.0).containsEntry(2, 1.0);
    }
}
