package io.chorus.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests under k8s/, rendered (base and both overlays) and read into the operators' typed
 * models, with the cross-references an operator would otherwise find broken at install time.
 */
class K8sManifestsTest {

    static final Path K8S = Path.of("").toAbsolutePath();
    static final String OUR_IMAGES = "ghcr.io/chorus-pam/";
    static final Map<String, List<ObjectNode>> RENDERED = new LinkedHashMap<>();
    static final Map<String, List<Object>> TYPED = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws IOException {
        for (String dir : List.of("overlays/dev", "overlays/gpu")) {
            List<ObjectNode> docs = Kustomize.render(K8S.resolve(dir));
            RENDERED.put(dir, docs);
            TYPED.put(dir, docs.stream().map(TypedManifests::read).toList());
        }
    }

    static <T> List<T> all(String overlay, Class<T> type) {
        return TYPED.get(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every pod template of the overlay, named, with the Flink pod template standing for its job and task managers. */
    static Map<String, PodTemplateSpec> podTemplates(String overlay) {
        Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
        all(overlay, Deployment.class).forEach(d -> out.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(overlay, StatefulSet.class).forEach(s -> out.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        all(overlay, FlinkDeployment.class).forEach(f -> out.put("FlinkDeployment/" + f.getMetadata().getName(), f.getSpec().getPodTemplate()));
        return out;
    }

    @Test
    void everyManifestReadsIntoItsTypedModelAndUnknownFieldsAreRefused() {
        assertThat(TYPED.get("overlays/dev")).hasSize(RENDERED.get("overlays/dev").size()).hasSizeGreaterThan(40);
        assertThat(TYPED.get("overlays/dev")).hasAtLeastOneElementOfType(Kafka.class).hasAtLeastOneElementOfType(FlinkDeployment.class)
                .hasAtLeastOneElementOfType(PodMonitor.class).hasAtLeastOneElementOfType(KafkaUser.class);
        // The checker itself: a misspelt field in a Strimzi, a Flink and a Kubernetes manifest is refused, named.
        ObjectNode topic = RENDERED.get("overlays/dev").stream().filter(d -> d.path("kind").asText().equals("KafkaTopic")).findFirst()
                .orElseThrow().deepCopy();
        ((ObjectNode) topic.get("spec")).put("partitons", 3);
        assertThatThrownBy(() -> TypedManifests.read(topic)).hasMessageContaining("partitons");
        ObjectNode flink = byKind("overlays/dev", "FlinkDeployment").deepCopy();
        ((ObjectNode) flink.get("spec").get("job")).put("upgradeMod", "savepoint");
        assertThatThrownBy(() -> TypedManifests.read(flink)).hasMessageContaining("upgradeMod");
        ObjectNode deployment = byKind("overlays/dev", "Deployment").deepCopy();
        ((ObjectNode) deployment.get("spec").get("template").get("spec").get("containers").get(0)).put("imagePullPolicyy", "Always");
        assertThatThrownBy(() -> TypedManifests.read(deployment)).hasMessageContaining("imagePullPolicyy");
    }

    static ObjectNode byKind(String overlay, String kind) {
        return RENDERED.get(overlay).stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void theRenderingMatchesKubectlKustomizeWhereKubectlIsInstalled() throws Exception {
        Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "kubectl"))),
                "kubectl is not on the PATH");
        for (String overlay : RENDERED.keySet()) {
            Process p = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(overlay).toString()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).as(new String(out)).isZero();
            Path tmp = Files.createTempFile("kustomize", ".yaml");
            Files.write(tmp, out);
            Map<String, JsonNode> theirs = new LinkedHashMap<>();
            Kustomize.readAll(tmp).forEach(d -> theirs.put(key(d), d));
            Map<String, JsonNode> ours = new LinkedHashMap<>();
            RENDERED.get(overlay).forEach(d -> ours.put(key(d), d));
            assertThat(ours.keySet()).as(overlay).containsExactlyInAnyOrderElementsOf(theirs.keySet());
            ours.forEach((k, d) -> assertThat(d).as("%s %s", overlay, k).isEqualTo(theirs.get(k)));
        }
    }

    static String key(JsonNode d) {
        return d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
    }

    @Test
    void topicCustomResourcesEqualTheCatalogue() {
        for (String overlay : TYPED.keySet()) {
            Map<String, KafkaTopic> byTopic = new LinkedHashMap<>();
            all(overlay, KafkaTopic.class).forEach(t -> byTopic.put(
                    t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName(), t));
            assertThat(byTopic.keySet()).as(overlay).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
            for (TopicSpec<?, ?> spec : Topics.ALL) {
                KafkaTopic t = byTopic.get(spec.name());
                assertThat(t.getSpec().getPartitions()).as("%s partitions", spec.name()).isEqualTo(spec.partitions());
                Map<String, String> config = new LinkedHashMap<>();
                t.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
                assertThat(config).as("%s config", spec.name()).isEqualTo(spec.topicConfigs());
                assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "chorus");
                assertThat(t.getSpec().getReplicas()).isEqualTo(overlay.endsWith("dev") ? 1 : 3);
            }
        }
    }

    @Test
    void everyContainerHasProbesLimitsAndANonRootReadOnlyContext() {
        for (String overlay : TYPED.keySet()) {
            podTemplates(overlay).forEach((name, template) -> {
                PodSecurityContext pod = template.getSpec().getSecurityContext();
                assertThat(pod).as("%s %s pod security context", overlay, name).isNotNull();
                assertThat(pod.getRunAsNonRoot()).as("%s %s runAsNonRoot", overlay, name).isTrue();
                for (Container c : template.getSpec().getContainers()) {
                    String where = overlay + " " + name + " container " + c.getName();
                    assertThat(c.getSecurityContext()).as(where).isNotNull();
                    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                    assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(where).contains("ALL");
                    if (name.startsWith("FlinkDeployment")) {
                        continue; // the operator adds probes and turns the job/task manager resources into requests = limits
                    }
                    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                    assertThat(c.getReadinessProbe()).as(where + " readiness probe").isNotNull();
                    assertThat(c.getLivenessProbe()).as(where + " liveness probe").isNotNull();
                    assertThat(c.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
                    assertThat(c.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                }
            });
            for (FlinkDeployment f : all(overlay, FlinkDeployment.class)) {
                assertThat(f.getSpec().getJobManager().getResource().getCpu()).isPositive();
                assertThat(f.getSpec().getTaskManager().getResource().getMemory()).isNotBlank();
                assertThat(f.getSpec().getJob().getUpgradeMode().toString()).isEqualToIgnoringCase("savepoint");
                assertThat(f.getSpec().getFlinkConfiguration()).containsKeys("execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir", "metrics.reporter.prom.port");
            }
            for (Kafka k : all(overlay, Kafka.class)) {
                assertThat(k.getSpec().getKafka().getTemplate().getPod().getSecurityContext().getRunAsNonRoot()).isTrue();
            }
        }
    }

    /** Chorus commands listen on loopback unless told (issue 20): in a pod they must be told, or probes and scrapes fail. */
    @Test
    void everyChorusContainerWithAPortListensOnEveryInterface() {
        for (String overlay : TYPED.keySet()) {
            podTemplates(overlay).forEach((name, template) -> {
                for (Container c : template.getSpec().getContainers()) {
                    if (c.getImage() == null || !c.getImage().contains("chorus-pam/") || c.getPorts() == null || c.getPorts().isEmpty()) {
                        continue;
                    }
                    List<String> args = c.getArgs();
                    int i = args.indexOf("--bind");
                    assertThat(i).as("%s %s container %s passes --bind", overlay, name, c.getName()).isNotNegative();
                    assertThat(args.get(i + 1)).as("%s %s --bind", overlay, name).isEqualTo("0.0.0.0");
                }
            });
        }
    }

    @Test
    void everyMetricsPortIsScrapedAndEveryPodMonitorSelectsSomething() {
        for (String overlay : TYPED.keySet()) {
            List<PodMonitor> monitors = all(overlay, PodMonitor.class);
            Set<String> usedMonitors = new HashSet<>();
            Set<Integer> metricsPorts = new TreeSet<>();
            podTemplates(overlay).forEach((name, template) -> {
                Map<String, String> labels = template.getMetadata().getLabels();
                for (Container c : template.getSpec().getContainers()) {
                    for (ContainerPort port : c.getPorts()) {
                        if (!"metrics".equals(port.getName())) {
                            continue;
                        }
                        metricsPorts.add(port.getContainerPort());
                        PodMonitor m = monitors.stream().filter(pm -> labels.entrySet().containsAll(
                                        pm.getSpec().getSelector().getMatchLabels().entrySet())
                                        && pm.getSpec().getPodMetricsEndpoints().stream().anyMatch(e -> "metrics".equals(e.getPort())))
                                .findFirst().orElse(null);
                        assertThat(m).as("%s %s: a PodMonitor scraping port metrics", overlay, name).isNotNull();
                        usedMonitors.add(m.getMetadata().getName());
                    }
                }
            });
            for (Kafka k : all(overlay, Kafka.class)) {
                assertThat(k.getSpec().getKafka().getMetricsConfig()).isNotNull();
                PodMonitor m = monitors.stream().filter(pm -> "Kafka".equals(pm.getSpec().getSelector().getMatchLabels().get("strimzi.io/kind")))
                        .findFirst().orElseThrow(() -> new AssertionError("no PodMonitor for the Kafka brokers"));
                usedMonitors.add(m.getMetadata().getName());
            }
            assertThat(monitors.stream().map(pm -> pm.getMetadata().getName())).as("PodMonitors that select nothing")
                    .allMatch(usedMonitors::contains);
            // and the network lets Prometheus reach each of those ports
            NetworkPolicy fromMonitoring = all(overlay, NetworkPolicy.class).stream()
                    .filter(p -> p.getMetadata().getName().equals("metrics-from-monitoring")).findFirst().orElseThrow();
            Set<Integer> allowed = fromMonitoring.getSpec().getIngress().stream().flatMap(i -> i.getPorts().stream())
                    .map(NetworkPolicyPort::getPort).map(p -> p.getIntVal()).collect(Collectors.toSet());
            assertThat(allowed).as(overlay + ": metrics ports open to the monitoring namespace").containsAll(metricsPorts);
        }
    }

    @Test
    void everySecretReferencedIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(K8S.resolve("README.md"));
        Set<String> secrets = new TreeSet<>();
        for (List<ObjectNode> docs : RENDERED.values()) {
            docs.forEach(d -> secretNames(d, secrets));
        }
        assertThat(secrets).contains("chorus-cluster-ca-cert", "chorus-trainer", "chorus-checkpoint-store");
        for (String s : secrets) {
            assertThat(readme).as("k8s/README.md documents Secret %s", s).contains("`" + s + "`");
        }
        for (KafkaUser u : all("overlays/dev", KafkaUser.class)) {
            assertThat(readme).as("the User Operator's Secret for %s", u.getMetadata().getName()).contains("`" + u.getMetadata().getName() + "`");
        }
    }

    static void secretNames(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            if (n.has("secretKeyRef")) {
                out.add(n.get("secretKeyRef").get("name").asText());
            }
            if (n.has("secretName")) {
                out.add(n.get("secretName").asText());
            }
            if (n.has("secretRef")) {
                out.add(n.get("secretRef").get("name").asText());
            }
            n.elements().forEachRemaining(c -> secretNames(c, out));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> secretNames(c, out));
        }
    }

    @Test
    void everyChorusImageHasItsDockerfileAndEveryDockerfileRunsAsNonRoot() throws IOException {
        Map<String, Path> dockerfiles = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(K8S.resolve("docker"))) {
            for (Path dir : files.toList()) {
                Path f = dir.resolve("Dockerfile");
                List<String> lines = Files.readAllLines(f);
                assertThat(lines.get(0)).as(f.toString()).startsWith("# image: " + OUR_IMAGES);
                dockerfiles.put(lines.get(0).substring("# image: ".length()).trim(), f);
                String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
                assertThat(user).as(f + " runs as").isNotIn("USER root", "USER 0");
            }
        }
        Set<String> used = new TreeSet<>();
        for (List<ObjectNode> docs : RENDERED.values()) {
            for (ObjectNode d : docs) {
                images(d, used);
            }
        }
        Set<String> ours = used.stream().filter(i -> i.startsWith(OUR_IMAGES)).map(i -> i.substring(0, i.lastIndexOf(':')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ours).as("images the overlays use").isNotEmpty();
        assertThat(dockerfiles.keySet()).as("a Dockerfile for each image the overlays use, and no orphan")
                .containsExactlyInAnyOrderElementsOf(ours);
    }

    static void images(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            if (n.has("image") && n.get("image").isTextual()) {
                out.add(n.get("image").asText());
            }
            n.elements().forEachRemaining(c -> images(c, out));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> images(c, out));
        }
    }

    @Test
    void theGpuOverlayPutsInferenceAndTrainingOnGpusWithTheCudaImages() {
        FlinkDeployment job = all("overlays/gpu", FlinkDeployment.class).get(0);
        assertThat(job.getSpec().getImage()).contains("detection-job-cuda");
        PodTemplateSpec tm = job.getSpec().getTaskManager().getPodTemplate();
        assertThat(tm.getSpec().getContainers().get(0).getResources().getLimits()).containsKey("nvidia.com/gpu");
        assertThat(tm.getSpec().getNodeSelector()).containsKey("nvidia.com/gpu.present");
        assertThat(tm.getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        Deployment trainer = all("overlays/gpu", Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("trainer"))
                .findFirst().orElseThrow();
        Container c = trainer.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).contains("trainer-cuda");
        assertThat(c.getResources().getLimits()).containsKeys("nvidia.com/gpu", "cpu", "memory");
        assertThat(c.getArgs()).containsSequence("--device", "gpu");
        // the dev overlay stays on CPUs
        List<String> devImages = new ArrayList<>();
        RENDERED.get("overlays/dev").forEach(d -> {
            Set<String> s = new TreeSet<>();
            images(d, s);
            devImages.addAll(s);
        });
        assertThat(devImages).noneMatch(i -> i.contains("cuda"));
    }

    @Test
    void theFlinkDeploymentIsValidForTheOperatorReleaseThatRunsItsFlinkVersion() throws IOException {
        // The Flink the image runs decides flinkVersion: FROM flink:2.2.1-java17 -> v2_2.
        java.util.regex.Matcher from = java.util.regex.Pattern.compile("(?m)^FROM flink:(\\d+)\\.(\\d+)\\.")
                .matcher(Files.readString(K8S.resolve("docker/detection-job/Dockerfile")));
        assertThat(from.find()).as("the detection-job image's FROM line").isTrue();
        String expected = "v" + from.group(1) + "_" + from.group(2);
        for (String overlay : List.of("overlays/dev", "overlays/gpu")) {
            ObjectNode flink = byKind(overlay, "FlinkDeployment");
            assertThat(flink.path("spec").path("flinkVersion").asText()).as(overlay + " flinkVersion").isEqualTo(expected);
            assertThat(TypedManifests.FLINK_DEPLOYMENT.problems(flink)).as(overlay + " against " + TypedManifests.FLINK_DEPLOYMENT).isEmpty();
        }
        // The schema check refuses what the operator's API server would: a version it does not run, a
        // wrong type, an unknown field — each named by its path.
        ObjectNode wrong = byKind("overlays/dev", "FlinkDeployment").deepCopy();
        ((ObjectNode) wrong.get("spec")).put("flinkVersion", "v1_12");
        ((ObjectNode) wrong.get("spec").get("job")).put("parallelism", "eight");
        ((ObjectNode) wrong.get("spec").get("taskManager")).put("replica", 2);
        assertThat(TypedManifests.FLINK_DEPLOYMENT.problems(wrong)).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith(".spec.flinkVersion: \"v1_12\" is not one of"))
                .anySatisfy(p -> assertThat(p).startsWith(".spec.job.parallelism: string where integer goes"))
                .anySatisfy(p -> assertThat(p).isEqualTo(".spec.taskManager.replica: unknown field"));
        assertThatThrownBy(() -> TypedManifests.read(wrong)).hasMessageContaining("flinkVersion").hasMessageContaining("1.15");
        assertThat(Files.readString(K8S.resolve("README.md")).contains("Flink Kubernetes Operator 1.15.0"))
                .as("k8s/README.md names the operator release the CRD comes from").isTrue();
    }

    @Test
    void everyFlinkLogConfigurationWeShipSilencesTheMetricNameCollisionWarning() throws IOException {
        // Flink's Kafka sinks register a metric name twice and warn about it once a second per sink.
        for (String overlay : List.of("overlays/dev", "overlays/gpu")) {
            JsonNode logs = byKind(overlay, "FlinkDeployment").path("spec").path("logConfiguration");
            java.util.Properties p = new java.util.Properties();
            p.load(new java.io.StringReader(logs.path("log4j-console.properties").asText()));
            String logger = p.stringPropertyNames().stream()
                    .filter(k -> k.endsWith(".name") && p.getProperty(k).equals("org.apache.flink.metrics.MetricGroup"))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no logger for org.apache.flink.metrics.MetricGroup"));
            assertThat(p.getProperty(logger.replace(".name", ".level"))).as(overlay + " MetricGroup level").isEqualTo("ERROR");
            assertThat(p.getProperty("rootLogger.appenderRef.rolling.ref")).as(overlay + " keeps the rolling file").isNotNull();
        }
        for (String image : List.of("detection-job", "detection-job-cuda")) {
            assertThat(Files.readString(K8S.resolve("docker/" + image + "/Dockerfile")))
                    .as(image + " image's log configuration")
                    .contains("logger.metricgroup.name = org.apache.flink.metrics.MetricGroup")
                    .contains("logger.metricgroup.level = ERROR");
        }
    }
}
