package io.chorus.embedded.registry;

import io.chorus.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Compatibility rules of the registry, decided by Avro's own reader/writer resolution check. */
final class AvroCompatibility {

    /** A live earlier version to compare against. */
    record Earlier(int version, Schema schema) {
    }

    private AvroCompatibility() {
    }

    /**
     * Why the candidate breaks the level against the earlier versions (oldest first); empty when
     * it does not. Non-transitive levels look at the newest earlier version only.
     */
    static List<String> violations(CompatibilityLevel level, Schema candidate, List<Earlier> earlier) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return problems;
        }
        List<Earlier> toCheck = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Earlier old : toCheck) {
            if (level.checksBackward()) {
                // BACKWARD: consumers on the new schema must read data written with the old one.
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
                        "new schema cannot read data written with version " + old.version(), problems);
            }
            if (level.checksForward()) {
                // FORWARD: consumers still on the old schema must read data written with the new one.
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
                        "version " + old.version() + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, String direction, List<String> out) {
        if (pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
            out.add("{errorType:'" + i.getType() + "', description:'" + direction + ": " + i.getMessage()
                    + "', location:'" + i.getLocation() + "'}");
        }
    }
}
