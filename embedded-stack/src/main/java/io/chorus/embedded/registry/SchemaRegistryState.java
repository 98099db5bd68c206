package io.chorus.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state, rebuilt by applying the records of its log in order. Keys and values are
 * small JSON documents (like Confluent's {@code _schemas} topic):
 * <ul>
 *   <li>{@code {"keytype":"ID","id":n}} → {@code {"id":n,"schema":"..."}}: a schema id, never reused</li>
 *   <li>{@code {"keytype":"SCHEMA","subject":s,"version":v}} →
 *       {@code {"subject":s,"version":v,"id":n,"deleted":bool}}; a null value deletes the version for good</li>
 *   <li>{@code {"keytype":"CONFIG","subject":s}} (s null for the global level) →
 *       {@code {"compatibilityLevel":"BACKWARD"}}; null value removes the subject's level</li>
 * </ul>
 * Not thread-safe: {@link SchemaRegistryService} serialises access.
 */
final class SchemaRegistryState {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One version of a subject. */
    record Version(String subject, int version, int id, boolean deleted) {
    }

    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private final CompatibilityLevel defaultLevel;
    private int maxId;

    SchemaRegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    // ---- applying log records ----

    /** Applies one log record; throws IllegalArgumentException for a record it cannot understand. */
    void apply(String key, String value) {
        JsonNode k = parse(key, "key");
        JsonNode v = value == null ? null : parse(value, "value");
        String type = k.path("keytype").asText("");
        switch (type) {
            case "ID" -> {
                if (v == null) {
                    return; // ids are never deleted
                }
                int id = requiredInt(v, "id");
                String schema = requiredText(v, "schema");
                schemaById.put(id, schema);
                idBySchema.putIfAbsent(schema, id);
                maxId = Math.max(maxId, id);
            }
            case "SCHEMA" -> {
                String subject = requiredText(k, "subject");
                int version = requiredInt(k, "version");
                if (v == null) {
                    TreeMap<Integer, Version> versions = subjects.get(subject);
                    if (versions != null) {
                        versions.remove(version);
                        if (versions.isEmpty()) {
                            subjects.remove(subject);
                        }
                    }
                    return;
                }
                int id = requiredInt(v, "id");
                if (!schemaById.containsKey(id)) {
                    throw new IllegalArgumentException("version " + subject + "/" + version + " refers to unknown schema id " + id);
                }
                subjects.computeIfAbsent(subject, s -> new TreeMap<>())
                        .put(version, new Version(subject, version, id, v.path("deleted").asBoolean(false)));
            }
            case "CONFIG" -> {
                JsonNode subjectNode = k.get("subject");
                String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
                CompatibilityLevel level = v == null ? null : CompatibilityLevel.parse(requiredText(v, "compatibilityLevel"));
                if (subject == null) {
                    globalLevel = level;
                } else if (level == null) {
                    subjectLevels.remove(subject);
                } else {
                    subjectLevels.put(subject, level);
                }
            }
            default -> throw new IllegalArgumentException("unknown keytype '" + type + "'");
        }
    }

    private static JsonNode parse(String text, String what) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode f = node.get(field);
        if (f == null || !f.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return f.asText();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode f = node.get(field);
        if (f == null || !f.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not an int");
        }
        return f.asInt();
    }

    // ---- record builders (what the service writes) ----

    static String idKey(int id) {
        ObjectNode k = JSON.createObjectNode().put("keytype", "ID").put("id", id);
        return k.toString();
    }

    static String idValue(int id, String schema) {
        return JSON.createObjectNode().put("id", id).put("schema", schema).toString();
    }

    static String versionKey(String subject, int version) {
        return JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject).put("version", version).toString();
    }

    static String versionValue(String subject, int version, int id, boolean deleted) {
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("deleted", deleted).toString();
    }

    static String configKey(String subject) {
        ObjectNode k = JSON.createObjectNode().put("keytype", "CONFIG");
        if (subject == null) {
            k.putNull("subject");
        } else {
            k.put("subject", subject);
        }
        return k.toString();
    }

    static String configValue(CompatibilityLevel level) {
        return JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
    }

    // ---- queries ----

    Optional<String> schema(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idBySchema.get(canonicalSchema));
    }

    int nextId() {
        return maxId + 1;
    }

    /** Versions of a subject, deleted ones included only when asked; empty when the subject is unknown. */
    List<Version> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        for (Version v : versions.values()) {
            if (includeDeleted || !v.deleted()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Whether the subject has any version at all, deleted or not. */
    boolean subjectExists(String subject) {
        return subjects.containsKey(subject);
    }

    int nextVersion(String subject) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    }

    List<String> subjectNames(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        for (String s : subjects.keySet()) {
            if (includeDeleted || !versions(s, false).isEmpty()) {
                names.add(s);
            }
        }
        return names;
    }

    /** Every (subject, version) that uses the id, live ones only unless asked. */
    List<Version> usesOf(int id, boolean includeDeleted) {
        List<Version> out = new ArrayList<>();
        for (String s : subjects.keySet()) {
            for (Version v : versions(s, includeDeleted)) {
                if (v.id() == id) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    CompatibilityLevel globalLevel() {
        return globalLevel == null ? defaultLevel : globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    int schemaCount() {
        return schemaById.size();
    }
}
