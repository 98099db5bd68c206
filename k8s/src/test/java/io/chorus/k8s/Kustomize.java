package io.chorus.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset Chorus uses:
 * {@code resources} (files and directories with their own kustomization), {@code namespace},
 * {@code labels} (with {@code includeTemplates}), {@code images} (container and init-container
 * images) and {@code patches} — strategic merge, from a file or inline with a {@code target}
 * selecting by kind and name. Anything else in a kustomization is refused, so a manifest change
 * that needs more cannot pass unchecked. Where {@code kubectl} is installed the test compares the
 * two renderings.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "images", "patches");
    /** Kinds that have no namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

    private Kustomize() {
    }

    static List<ObjectNode> render(Path dir) throws IOException {
        JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        k.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: field '" + f + "' is not supported by this renderer");
            }
        });
        List<ObjectNode> docs = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            docs.addAll(Files.isDirectory(p) ? render(p) : readAll(p));
        }
        for (JsonNode patch : k.path("patches")) {
            if (patch.has("path")) {
                for (ObjectNode p : readAll(dir.resolve(patch.get("path").asText()))) {
                    ObjectNode target = find(docs, p.path("kind").asText(), p.path("metadata").path("name").asText(), dir);
                    merge(target, p);
                }
            } else {
                ObjectNode p = (ObjectNode) YAML.readTree(patch.get("patch").asText());
                String kind = patch.path("target").path("kind").asText(null);
                String name = patch.path("target").path("name").asText(null);
                int hits = 0;
                for (ObjectNode d : docs) {
                    if ((kind == null || kind.equals(d.path("kind").asText()))
                            && (name == null || name.equals(d.path("metadata").path("name").asText()))) {
                        ObjectNode body = p.deepCopy();
                        ((ObjectNode) body.path("metadata")).put("name", d.path("metadata").path("name").asText());
                        merge(d, body);
                        hits++;
                    }
                }
                if (hits == 0) {
                    throw new IllegalArgumentException(dir + ": patch target " + patch.get("target") + " matches nothing");
                }
            }
        }
        for (JsonNode labels : k.path("labels")) {
            boolean templates = labels.path("includeTemplates").asBoolean(false);
            for (ObjectNode d : docs) {
                ObjectNode l = ((ObjectNode) d.with("metadata")).with("labels");
                labels.path("pairs").fields().forEachRemaining(e -> l.set(e.getKey(), e.getValue()));
                JsonNode template = d.path("spec").path("template");
                if (templates && template.isObject()) {
                    ObjectNode tl = ((ObjectNode) ((ObjectNode) template).with("metadata")).with("labels");
                    labels.path("pairs").fields().forEachRemaining(e -> tl.set(e.getKey(), e.getValue()));
                    for (JsonNode claim : d.path("spec").path("volumeClaimTemplates")) {
                        ObjectNode cl = ((ObjectNode) ((ObjectNode) claim).with("metadata")).with("labels");
                        labels.path("pairs").fields().forEachRemaining(e -> cl.set(e.getKey(), e.getValue()));
                    }
                }
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode d : docs) {
                retag(d, image.get("name").asText(), image.path("newName").asText(null), image.path("newTag").asText(null));
            }
        }
        if (k.has("namespace")) {
            for (ObjectNode d : docs) {
                if (!CLUSTER_SCOPED.contains(d.path("kind").asText())) {
                    ((ObjectNode) d.with("metadata")).put("namespace", k.get("namespace").asText());
                }
                for (JsonNode subject : d.path("subjects")) { // role bindings follow their service accounts
                    if (subject.path("kind").asText().equals("ServiceAccount")) {
                        ((ObjectNode) subject).put("namespace", k.get("namespace").asText());
                    }
                }
            }
        }
        return docs;
    }

    static List<ObjectNode> readAll(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && n.size() > 0) {
                    out.add((ObjectNode) n);
                }
            }
        }
        return out;
    }

    private static ObjectNode find(List<ObjectNode> docs, String kind, String name, Path dir) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(dir + ": patch for " + kind + "/" + name + " matches nothing"));
    }

    /** Strategic merge: maps merge deeply, lists of named maps merge by name, other lists are replaced. */
    static void merge(ObjectNode into, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode current = into.get(e.getKey());
            JsonNode value = e.getValue();
            if (current instanceof ObjectNode o && value.isObject()) {
                merge(o, value);
            } else if (current instanceof ArrayNode a && value.isArray() && namedMaps(a) && namedMaps((ArrayNode) value)) {
                for (JsonNode item : value) {
                    ObjectNode match = null;
                    for (JsonNode existing : a) {
                        if (existing.get("name").asText().equals(item.get("name").asText())) {
                            match = (ObjectNode) existing;
                        }
                    }
                    if (match == null) {
                        a.add(item.deepCopy());
                    } else {
                        merge(match, item);
                    }
                }
            } else {
                into.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean namedMaps(ArrayNode a) {
        for (JsonNode n : a) {
            if (!n.isObject() || !n.has("name")) {
                return false;
            }
        }
        return a.size() > 0;
    }

    /** kustomize's images transformer: container and init-container images, anywhere in the document. */
    private static void retag(JsonNode node, String name, String newName, String newTag) {
        if (node.isObject()) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : node.path(list)) {
                    String image = c.path("image").asText("");
                    String bare = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
                    if (bare.equals(name)) {
                        String tag = newTag != null ? newTag : image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : null;
                        ((ObjectNode) c).put("image", (newName != null ? newName : bare) + (tag != null ? ":" + tag : ""));
                    }
                }
            }
            node.elements().forEachRemaining(child -> retag(child, name, newName, newTag));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> retag(child, name, newName, newTag));
        }
    }
}
