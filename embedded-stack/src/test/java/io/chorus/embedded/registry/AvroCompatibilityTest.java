package io.chorus.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.schemas.registry.CompatibilityLevel;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class AvroCompatibilityTest {

    private static final Schema V1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
    /** Adds a field with a default: new readers can read old data, old readers ignore it. */
    private static final Schema WITH_DEFAULT = SchemaBuilder.record("R").fields().requiredInt("a")
            .name("b").type().intType().intDefault(0).endRecord();
    /** Adds a field without a default: new readers cannot read old data. */
    private static final Schema WITHOUT_DEFAULT = SchemaBuilder.record("R").fields().requiredInt("a").requiredInt("b").endRecord();
    /** Drops a field old readers need (no default there). */
    private static final Schema DROPPED = SchemaBuilder.record("R").fields().name("b").type().intType().intDefault(0).endRecord();

    private static List<AvroCompatibility.Earlier> earlier(Schema... schemas) {
        List<AvroCompatibility.Earlier> out = new java.util.ArrayList<>();
        for (int i = 0; i < schemas.length; i++) {
            out.add(new AvroCompatibility.Earlier(i + 1, schemas[i]));
        }
        return out;
    }

    @Test
    void backwardRefusesANewFieldWithoutDefault() {
        assertThat(AvroCompatibility.violations(CompatibilityLevel.BACKWARD, WITH_DEFAULT, earlier(V1))).isEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.BACKWARD, WITHOUT_DEFAULT, earlier(V1)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("version 1");
    }

    @Test
    void forwardRefusesDroppingAFieldOldReadersNeed() {
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FORWARD, WITHOUT_DEFAULT, earlier(V1))).isEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FORWARD, DROPPED, earlier(V1))).isNotEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.BACKWARD, DROPPED, earlier(V1))).isEmpty();
    }

    @Test
    void fullNeedsBothDirectionsAndNoneNeedsNothing() {
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FULL, WITH_DEFAULT, earlier(V1))).isEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FULL, WITHOUT_DEFAULT, earlier(V1))).isNotEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FULL, DROPPED, earlier(V1))).isNotEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.NONE, SchemaBuilder.builder().stringType(), earlier(V1))).isEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionPlainOnesOnlyTheLatest() {
        // v1 {a}, v2 {b} (with default) was accepted under BACKWARD; a candidate {b, c} without
        // "a" reads v2 data but fails FORWARD against v1 only.
        Schema v2 = DROPPED;
        Schema candidate = SchemaBuilder.record("R").fields().name("b").type().intType().intDefault(0)
                .name("c").type().intType().intDefault(1).endRecord();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FORWARD, candidate, earlier(V1, v2))).isEmpty();
        assertThat(AvroCompatibility.violations(CompatibilityLevel.FORWARD_TRANSITIVE, candidate, earlier(V1, v2)))
                .isNotEmpty().allMatch(m -> m.contains("version 1"));
    }
}
