package io.chorus.stream.inference;

import io.chorus.stream.models.ServingRelease;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * Which scores count as a detection and which species are flagged: the model's per-species
 * thresholds with the operator's overrides on top, and the model's rare group plus the operator's
 * priority (rare or threatened) species. Applied once, where windows are scored, so detections,
 * alerts and review sampling agree.
 *
 * @param thresholdOverrides threshold per species code, in [0, 1]
 * @param prioritySpecies    species flagged in alerts and reviewed whenever detected
 */
public record Decisions(Map<String, Float> thresholdOverrides, Set<String> prioritySpecies) implements Serializable {

    public Decisions {
        thresholdOverrides = Map.copyOf(thresholdOverrides);
        prioritySpecies = Set.copyOf(prioritySpecies);
        thresholdOverrides.forEach((species, t) -> {
            if (!(t >= 0f && t <= 1f)) {
                throw new IllegalArgumentException("threshold override " + species + "=" + t + " is outside [0, 1]");
            }
        });
    }

    public static Decisions none() {
        return new Decisions(Map.of(), Set.of());
    }

    public float[] thresholds(ServingRelease release) {
        float[] t = release.thresholds.clone();
        for (int i = 0; i < t.length; i++) {
            Float override = thresholdOverrides.get(release.labels[i]);
            if (override != null) {
                t[i] = override;
            }
        }
        return t;
    }

    public boolean[] flagged(ServingRelease release) {
        boolean[] f = release.rare.clone();
        for (int i = 0; i < f.length; i++) {
            f[i] |= prioritySpecies.contains(release.labels[i]);
        }
        return f;
    }
}
