package io.chorus.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rendered manifests into the operators' own typed models — fabric8 for Kubernetes and the
 * Prometheus Operator, Strimzi's {@code api}, the Flink Kubernetes Operator's {@code api} — and
 * refuses unknown fields: Jackson fails on properties the classes lack, and since these models
 * keep what they do not know in {@code additionalProperties}, any such leftover fails too, named
 * by its path.
 */
final class TypedManifests {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setAnnotationIntrospector(new StrictAboutUnknown());

    /** Overrides {@code @JsonIgnoreProperties(ignoreUnknown = true)} (the Flink operator's models carry it); named ignorals stay. */
    static final class StrictAboutUnknown extends JacksonAnnotationIntrospector {
        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            JsonIgnoreProperties.Value v = super.findPropertyIgnoralByName(config, a);
            return v == null ? null : v.withoutIgnoreUnknown();
        }
    }

    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class),
            Map.entry("flink.apache.org/v1beta1/FlinkDeployment", org.apache.flink.kubernetes.operator.api.FlinkDeployment.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class));

    /**
     * The FlinkDeployment's schema: the CRD of the operator release k8s/README.md names (1.15.0, the
     * first to list Flink 2.2 with a CRD kept here). The typed operator API on Maven Central is older
     * (1.10: Flink up to 1.20), so {@code flinkVersion} is checked against the CRD, not the enum.
     */
    static final CrdSchema FLINK_DEPLOYMENT = CrdSchema.load("/crds/flinkdeployments.flink.apache.org-v1.yml", "v1beta1");

    private TypedManifests() {
    }

    /** One document in its typed model; throws naming the document and the first unknown field. */
    static Object read(ObjectNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String where = key + " " + doc.path("metadata").path("name").asText();
        Class<?> type = TYPES.get(key);
        if (type == null) {
            throw new IllegalArgumentException(where + ": no typed model is registered for this apiVersion and kind");
        }
        if (type == org.apache.flink.kubernetes.operator.api.FlinkDeployment.class) {
            List<String> problems = FLINK_DEPLOYMENT.problems(doc);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(where + ": refused by the CRD schema of Flink Kubernetes Operator 1.15.0 (" + FLINK_DEPLOYMENT + "): " + problems);
            }
            doc = doc.deepCopy();
            ((ObjectNode) doc.path("spec")).remove("flinkVersion");
        }
        Object typed;
        try {
            typed = JSON.treeToValue(doc, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        leftovers(typed, "", unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": unknown fields " + unknown);
        }
        return typed;
    }

    /** Paths of fields a model kept in additionalProperties instead of a typed property. */
    static void leftovers(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> leftovers(v, path + "." + k, out, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                leftovers(v, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi") || pkg.startsWith("org.apache.flink.kubernetes"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class
                    || Set.of("getClass", "getPlural", "getSingular", "getCRDName", "getScope", "getVersion", "getGroup", "getKind",
                    "getApiVersion").contains(m.getName())) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties") && v instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> out.add(path + "." + k));
            } else {
                leftovers(v, path + "." + Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4), out, seen);
            }
        }
    }
}
