package io.chorus.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A custom resource definition's structural schema (openAPIV3Schema), applied the way the API
 * server does with strict field validation: unknown fields (where the schema neither lists them nor
 * preserves unknown ones), wrong types and values outside an enum are each reported by path.
 * The keywords are the ones operator CRDs use: type, properties, additionalProperties, items,
 * enum, anyOf, x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields.
 */
final class CrdSchema {

    private final String crd;
    private final String version;
    private final JsonNode schema;

    private CrdSchema(String crd, String version, JsonNode schema) {
        this.crd = crd;
        this.version = version;
        this.schema = schema;
    }

    /** The schema of {@code version} in a CRD file on the test class path. */
    static CrdSchema load(String resource, String version) {
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no CRD at " + resource);
            }
            JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals(version)) {
                    return new CrdSchema(crd.path("metadata").path("name").asText(), version, v.path("schema").path("openAPIV3Schema"));
                }
            }
            throw new IllegalArgumentException(resource + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of a whole resource (apiVersion, kind and metadata are the API server's, not the schema's). */
    List<String> problems(JsonNode resource) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!List.of("apiVersion", "kind", "metadata").contains(f.getKey())) {
                check(f.getValue(), schema.path("properties").path(f.getKey()), "." + f.getKey(), out);
                if (!schema.path("properties").has(f.getKey())) {
                    out.add("." + f.getKey() + ": unknown field");
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return crd + " " + version;
    }

    private static void check(JsonNode value, JsonNode s, String path, List<String> out) {
        if (s.isMissingNode()) {
            return; // reported by the caller as unknown
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!(value.isIntegralNumber() || value.isTextual())) {
                out.add(path + ": " + value.getNodeType() + " where an integer or a string goes");
            }
            return;
        }
        if (s.has("enum")) {
            boolean listed = false;
            for (JsonNode e : s.get("enum")) {
                listed |= e.equals(value);
            }
            if (!listed) {
                out.add(path + ": " + value + " is not one of " + s.get("enum"));
            }
        }
        String type = s.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            out.add(path + ": " + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " where " + type + " goes");
            return;
        }
        if (value.isArray() && s.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(item, s.get("items"), path + "[" + i++ + "]", out);
            }
        }
        if (value.isObject() && !s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode p = s.path("properties").path(f.getKey());
                if (!p.isMissingNode()) {
                    check(f.getValue(), p, path + "." + f.getKey(), out);
                } else if (s.path("additionalProperties").isObject()) {
                    check(f.getValue(), s.get("additionalProperties"), path + "." + f.getKey(), out);
                } else if (!s.path("additionalProperties").asBoolean(false)) {
                    out.add(path + "." + f.getKey() + ": unknown field");
                }
            }
        }
    }
}
