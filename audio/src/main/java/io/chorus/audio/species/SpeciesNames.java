package io.chorus.audio.species;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Scientific names of species codes, for the review page's search. Read from the bundled
 * {@code species-names.csv} (AnuraSet's six-letter codes); a code without a name shows as the code. Used by
 * the console's review page and the notifier's messages.
 */
public final class SpeciesNames {

    private final Map<String, String> names;

    private SpeciesNames(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    public static SpeciesNames bundled() {
        Map<String, String> m = new HashMap<>();
        try (InputStream in = SpeciesNames.class.getResourceAsStream("/species-names.csv")) {
            if (in != null) {
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    String[] parts = line.split(",", 2);
                    if (parts.length == 2 && !line.startsWith("#")) {
                        m.put(parts[0].trim(), parts[1].trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpeciesNames(m);
    }

    /** The name, or empty when the code has none. */
    public String nameOf(String code) {
        return names.getOrDefault(code, "");
    }
}
