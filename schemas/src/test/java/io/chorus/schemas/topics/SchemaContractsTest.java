package io.chorus.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** The contracts every topic's values keep: documented fields, explicit units, typed time. */
class SchemaContractsTest {

    @Test
    void everyFieldOfEveryTopicSchemaIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        for (TopicSpec<String, ?> topic : Topics.DATA_TOPICS) {
            walk(schemaOf(topic), new HashSet<>(), (record, field) -> {
                if (field.doc() == null || field.doc().isBlank()) {
                    undocumented.add(record.getName() + "." + field.name());
                }
            });
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void timeFieldsCarryTimestampLogicalTypes() {
        List<String> untyped = new ArrayList<>();
        for (TopicSpec<String, ?> topic : Topics.DATA_TOPICS) {
            walk(schemaOf(topic), new HashSet<>(), (record, field) -> {
                String name = field.name();
                boolean looksLikeTime = name.endsWith("Time") || name.endsWith("At") || name.equals("lastSeen")
                        || name.equals("windowStart") || name.equals("windowEnd") || name.endsWith("WindowStart")
                        || name.endsWith("WindowEnd");
                if (looksLikeTime && !isTimestamp(field.schema())) {
                    untyped.add(record.getName() + "." + name);
                }
            });
        }
        assertThat(untyped).isEmpty();
    }

    @Test
    void quantitiesWithUnitsNameTheirUnit() {
        // A number that is a rate, a duration or a size says which unit in its name or its doc.
        List<String> unitless = new ArrayList<>();
        for (TopicSpec<String, ?> topic : Topics.DATA_TOPICS) {
            walk(schemaOf(topic), new HashSet<>(), (record, field) -> {
                String n = field.name().toLowerCase();
                boolean quantity = n.contains("rate") || n.contains("seconds") || n.contains("duration")
                        || n.contains("size") || n.contains("dbfs") || n.endsWith("hz");
                String doc = field.doc() == null ? "" : field.doc();
                boolean named = n.endsWith("hz") || n.endsWith("seconds") || n.endsWith("bytes") || n.endsWith("dbfs")
                        || n.endsWith("samples") || doc.matches("(?s).*\\b(Hz|seconds|bytes|dBFS|samples)\\b.*");
                if (quantity && !named) {
                    unitless.add(record.getName() + "." + field.name());
                }
            });
        }
        assertThat(unitless).isEmpty();
    }

    @Test
    void catalogueHasUniqueNamesAndOneValueTypePerDataTopic() {
        Set<String> names = new HashSet<>();
        for (TopicSpec<String, ?> t : Topics.ALL) {
            assertThat(names.add(t.name())).as("duplicate topic %s", t.name()).isTrue();
            assertThat(t.topicConfigs()).containsEntry("cleanup.policy", t.cleanupPolicy().configValue());
        }
        assertThat(Topics.DATA_TOPICS).allSatisfy(t ->
                assertThat(org.apache.avro.specific.SpecificRecord.class).isAssignableFrom(t.valueType()));
        assertThat(Topics.MODELS.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(Topics.MODELS.maxMessageBytes()).isGreaterThan(16 * 1024 * 1024);
        assertThat(Topics.byName("detections")).contains(Topics.DETECTIONS);
        assertThat(Topics.AUDIO_CHUNKS.valueSubject()).isEqualTo("audio.chunks-value");
    }

    @Test
    void theReadmeTopicTableMatchesTheCatalogue() throws java.io.IOException {
        List<String> rows = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../README.md")).stream()
                .filter(l -> l.startsWith("| ") && l.split("\\|").length >= 8).toList();
        for (TopicSpec<String, ?> t : Topics.ALL) {
            String row = rows.stream().filter(l -> l.startsWith("| " + t.name() + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README.md has no row for topic " + t.name()));
            String[] cells = row.split("\\|");
            assertThat(cells[4].trim()).as("cleanup of %s", t.name()).isEqualTo(t.cleanupPolicy().configValue());
            assertThat(cells[5].trim()).as("partitions of %s", t.name()).isEqualTo(Integer.toString(t.partitions()));
            String retention = t.retention().map(d -> d.toDays() + " d").orElse("forever");
            assertThat(cells[6].trim()).as("retention of %s", t.name()).isEqualTo(retention);
        }
    }

    private static boolean isTimestamp(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).allMatch(SchemaContractsTest::isTimestamp);
        }
        LogicalType lt = schema.getLogicalType();
        return lt != null && lt.getName().startsWith("timestamp-");
    }

    private static Schema schemaOf(TopicSpec<String, ?> topic) {
        return SpecificData.get().getSchema(topic.valueType());
    }

    private interface FieldVisitor {
        void visit(Schema record, Schema.Field field);
    }

    private static void walk(Schema schema, Set<String> seen, FieldVisitor visitor) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field f : schema.getFields()) {
                    visitor.visit(schema, f);
                    walk(f.schema(), seen, visitor);
                }
            }
            case UNION -> schema.getTypes().forEach(s -> walk(s, seen, visitor));
            case ARRAY -> walk(schema.getElementType(), seen, visitor);
            case MAP -> walk(schema.getValueType(), seen, visitor);
            default -> {
            }
        }
    }
}
