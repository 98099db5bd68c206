package io.chorus.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.schemas.registry.CompatibilityLevel;
import org.junit.jupiter.api.Test;

class SchemaRegistryStateTest {

    private final SchemaRegistryState state = new SchemaRegistryState(CompatibilityLevel.BACKWARD);

    @Test
    void replayingRecordsRebuildsSubjectsVersionsIdsAndLevels() {
        state.apply(SchemaRegistryState.idKey(1), SchemaRegistryState.idValue(1, "\"string\""));
        state.apply(SchemaRegistryState.idKey(2), SchemaRegistryState.idValue(2, "\"int\""));
        state.apply(SchemaRegistryState.versionKey("a-value", 1), SchemaRegistryState.versionValue("a-value", 1, 1, false));
        state.apply(SchemaRegistryState.versionKey("a-value", 2), SchemaRegistryState.versionValue("a-value", 2, 2, false));
        state.apply(SchemaRegistryState.versionKey("b-value", 1), SchemaRegistryState.versionValue("b-value", 1, 2, false));
        state.apply(SchemaRegistryState.configKey(null), SchemaRegistryState.configValue(CompatibilityLevel.FULL));
        state.apply(SchemaRegistryState.configKey("a-value"), SchemaRegistryState.configValue(CompatibilityLevel.NONE));

        assertThat(state.subjectNames(false)).containsExactly("a-value", "b-value");
        assertThat(state.versions("a-value", false)).extracting(SchemaRegistryState.Version::id).containsExactly(1, 2);
        assertThat(state.usesOf(2, false)).hasSize(2);
        assertThat(state.idOf("\"int\"")).contains(2);
        assertThat(state.nextId()).isEqualTo(3);
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(state.subjectLevel("a-value")).contains(CompatibilityLevel.NONE);
    }

    @Test
    void softDeletesHideVersionsAndTombstonesRemoveThemButNeverTheId() {
        state.apply(SchemaRegistryState.idKey(5), SchemaRegistryState.idValue(5, "\"long\""));
        state.apply(SchemaRegistryState.versionKey("s", 1), SchemaRegistryState.versionValue("s", 1, 5, false));
        state.apply(SchemaRegistryState.versionKey("s", 1), SchemaRegistryState.versionValue("s", 1, 5, true));

        assertThat(state.versions("s", false)).isEmpty();
        assertThat(state.versions("s", true)).hasSize(1);
        assertThat(state.subjectNames(false)).isEmpty();
        assertThat(state.subjectNames(true)).containsExactly("s");
        assertThat(state.nextVersion("s")).isEqualTo(2);

        state.apply(SchemaRegistryState.versionKey("s", 1), null);
        assertThat(state.subjectExists("s")).isFalse();
        assertThat(state.schema(5)).contains("\"long\"");
        assertThat(state.nextId()).isEqualTo(6); // ids are never handed out twice
    }

    @Test
    void recordsItCannotUnderstandAreRefusedWithTheReason() {
        assertThatThrownBy(() -> state.apply("not json", "{}")).hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> state.apply("{\"keytype\":\"NOOP\"}", "{}")).hasMessageContaining("unknown keytype 'NOOP'");
        assertThatThrownBy(() -> state.apply(SchemaRegistryState.versionKey("s", 1), SchemaRegistryState.versionValue("s", 1, 99, false)))
                .hasMessageContaining("unknown schema id 99");
        assertThat(state.subjectNames(true)).isEmpty();
    }
}
