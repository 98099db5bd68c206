package io.chorus.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.embedded.kafka.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink session cluster as separate processes: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each
 * with {@link ClusterClassPath#flinkLib()} and one {@code config.yaml} carrying the settings of
 * k8s/base/flink (parent-first DJL, hashmap state, checkpoints to a directory standing in for S3).
 * Jobs go in over the REST API, as {@code flink run} and the operator send them. All sockets on
 * 127.0.0.1; RPC and REST ports chosen free at start, the rest ephemeral.
 */
final class FlinkCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path configDir;
    private final int restPort;
    private final JvmProcess jobManager;
    private final List<JvmProcess> taskManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int started;

    private FlinkCluster(Path dir, Path configDir, int restPort, JvmProcess jobManager) {
        this.dir = dir;
        this.configDir = configDir;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /**
     * @param slots task slots per TaskManager
     */
    static FlinkCluster start(Path dir, int taskManagers, int slots) throws Exception {
        Path configDir = dir.resolve("conf");
        Files.createDirectories(configDir);
        int restPort = EmbeddedKafkaBroker.freePort();
        Map<String, String> conf = new LinkedHashMap<>();
        for (String key : List.of("jobmanager.rpc.address", "jobmanager.bind-host", "taskmanager.bind-host", "taskmanager.host",
                "rest.address", "rest.bind-address")) {
            conf.put(key, "127.0.0.1");
        }
        conf.put("jobmanager.rpc.port", Integer.toString(EmbeddedKafkaBroker.freePort()));
        conf.put("rest.port", Integer.toString(restPort));
        conf.put("blob.server.port", "0");
        conf.put("taskmanager.rpc.port", "0");
        conf.put("taskmanager.data.port", "0");
        conf.put("jobmanager.memory.process.size", "1024m");
        conf.put("taskmanager.memory.process.size", "2048m");
        conf.put("taskmanager.memory.managed.size", "64m"); // heap state: managed memory is unused
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        conf.put("cluster.evenly-spread-out-slots", "true"); // the job's tasks on every TaskManager
        // The settings of k8s/base/flink/detection-job.yaml that matter off Kubernetes.
        conf.put("state.backend.type", "hashmap");
        conf.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        conf.put("classloader.parent-first-patterns.additional", "ai.djl.");
        // A killed TaskManager is noticed in seconds (the default 50 s timeout is for slow networks).
        conf.put("heartbeat.interval", "1000");
        conf.put("heartbeat.timeout", "5000");
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "1000");
        conf.put("restart-strategy.fixed-delay.delay", "2 s");
        StringBuilder yaml = new StringBuilder("# written by FlinkCluster (integration tests)\n");
        conf.forEach((k, v) -> yaml.append(k).append(": ").append(v.contains(":") || v.contains(" ") ? "\"" + v + "\"" : v).append('\n'));
        Files.writeString(configDir.resolve("config.yaml"), yaml);
        Files.writeString(configDir.resolve("log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                """);
        JvmProcess jm = JvmProcess.start("jobmanager", ClusterClassPath.flinkLib(),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", jvmArgs(configDir, "768m"),
                List.of("--configDir", configDir.toString()), dir.resolve("logs/jobmanager.log"), Map.of());
        FlinkCluster cluster = new FlinkCluster(dir, configDir, restPort, jm);
        try {
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * What the Flink distribution's config.yaml puts in {@code env.java.default-opts.all} for Java 17
     * (the image has it; a JVM started without it fails on Flink's reflective access to java.util).
     */
    static final List<String> FLINK_JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** @param heap -Xmx, or null when Flink's memory model sets it */
    private static List<String> jvmArgs(Path configDir, String heap) {
        List<String> out = new ArrayList<>(FLINK_JAVA_17_OPTS);
        out.add("-Dlog4j.configurationFile=" + configDir.resolve("log4j.properties").toUri());
        out.add("-Dai.djl.offline=true");
        if (heap != null) {
            out.add("-Xmx" + heap);
        }
        return out;
    }

    /**
     * Starts one more TaskManager (a replacement, or the first ones). Its memory settings and JVM
     * flags are derived from config.yaml by Flink's own utilities, as the start scripts do.
     */
    JvmProcess startTaskManager() {
        int n = ++started;
        org.apache.flink.configuration.Configuration c = org.apache.flink.configuration.GlobalConfiguration
                .loadConfiguration(configDir.toString());
        org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec spec =
                org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils.processSpecFromConfig(c);
        List<String> jvm = new ArrayList<>(jvmArgs(configDir, null));
        jvm.addAll(List.of(org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils.generateJvmParametersStr(spec).trim()
                .split("\\s+")));
        List<String> args = new ArrayList<>(List.of("--configDir", configDir.toString()));
        args.addAll(List.of(org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim()
                .split("\\s+")));
        JvmProcess tm = JvmProcess.start("taskmanager-" + n, ClusterClassPath.flinkLib(),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", jvm, args, dir.resolve("logs/taskmanager-" + n + ".log"),
                Map.of());
        taskManagers.add(tm);
        return tm;
    }

    List<JvmProcess> taskManagers() {
        return taskManagers.stream().filter(JvmProcess::alive).toList();
    }

    /** The live TaskManager process with the most slots in use (a TaskManager logs its resource id at start). */
    JvmProcess busiestTaskManager() throws IOException, InterruptedException {
        String busiest = null;
        int used = -1;
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            int u = tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt();
            if (u > used) {
                used = u;
                busiest = tm.path("id").asText();
            }
        }
        for (JvmProcess p : taskManagers()) {
            if (busiest != null && p.logContains(busiest)) {
                return p;
            }
        }
        throw new IllegalStateException("no TaskManager process logged the resource id " + busiest);
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    void awaitTaskManagers(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (get("/taskmanagers").path("taskmanagers").size() >= count) {
                    return;
                }
            } catch (IOException e) {
                // REST not up yet
            }
            if (!jobManager.alive()) {
                throw new IllegalStateException("the JobManager exited: " + jobManager.tail(3000));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " TaskManagers not registered within " + timeout + "; JobManager log: "
                        + jobManager.tail(2000) + " TaskManager log: " + taskManagers.get(taskManagers.size() - 1).tail(2000));
            }
            Thread.sleep(500);
        }
    }

    /** Uploads a job jar, returns its id on the cluster. */
    String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "chorus" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        JsonNode answer = send(request);
        String file = answer.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar's main class with arguments; {@code savepoint} null for a fresh start. Returns the job id. */
    String run(String jarId, String entryClass, List<String> args, String savepoint) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        args.forEach(body.putArray("programArgsList")::add);
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return send(request).path("jobid").asText();
    }

    String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** When the job last switched to RUNNING (ms since the epoch), 0 if never. */
    long runningSince(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("timestamps").path("RUNNING").asLong(0);
    }

    /** Completed checkpoints of a job so far. */
    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** stop-with-savepoint (no drain: the sources stop where they are); returns the savepoint's location. */
    String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("drain", false);
        body.put("targetDirectory", dir.resolve("savepoints").toUri().toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String trigger = send(request).path("request-id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint failed: " + op.path("failure-cause").path("stack-trace").asText()
                            .lines().limit(5).toList());
                }
                return op.path("location").asText();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("stop-with-savepoint of " + jobId + " did not complete within 2 min");
    }

    void cancel(String jobId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            // Flink answers with a stack trace: its first line and every cause say what went wrong.
            List<String> why = new ArrayList<>();
            try {
                for (JsonNode e : JSON.readTree(response.body()).path("errors")) {
                    e.asText().lines().filter(l -> !l.startsWith("\tat ") && !l.isBlank()).limit(12).forEach(why::add);
                }
            } catch (IOException notJson) {
                why.add(response.body());
            }
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": "
                    + String.join(" | ", why));
        }
        return JSON.readTree(response.body());
    }

    JvmProcess jobManager() {
        return jobManager;
    }

    @Override
    public void close() {
        List<JvmProcess> all = new ArrayList<>(taskManagers);
        all.add(jobManager);
        JvmProcess.stopAll(all, Duration.ofSeconds(10));
    }
}
