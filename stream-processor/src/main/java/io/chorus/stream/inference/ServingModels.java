package io.chorus.stream.inference;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Where the detection job's two model-facing functions meet: {@code TrackModelReleases} installs
 * releases, {@code ClassifyWindows} scores windows, on one {@link InferenceService} per job in a
 * task manager JVM (one set of predictors, not one per operator instance). Flink ships each
 * function as a serialized copy, so they cannot hold one object between them; they hold this
 * holder, and it hands out the service of their job by job id. Two jobs in one JVM (a test's
 * MiniCluster, a session cluster) each get their own service and never see each other's model.
 */
public final class ServingModels implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, InferenceService> BY_JOB = new HashMap<>();
    private static final Map<String, Integer> USERS = new HashMap<>();

    private final InferenceSettings settings;
    private final Decisions decisions;

    public ServingModels(InferenceSettings settings, Decisions decisions) {
        this.settings = settings;
        this.decisions = decisions;
    }

    /** The service of the function's job, created on its first use in this JVM. Pair with {@link #release}. */
    public InferenceService acquire(RuntimeContext context) {
        return acquire(context.getJobInfo().getJobId().toString());
    }

    /** The same by key (a job id), for tests and benchmarks that run no job. */
    public InferenceService acquire(String jobKey) {
        synchronized (BY_JOB) {
            InferenceService s = BY_JOB.computeIfAbsent(jobKey, k -> new InferenceService(settings, decisions));
            USERS.merge(jobKey, 1, Integer::sum);
            return s;
        }
    }

    /** One user fewer; the last one out shuts the service down (its predictors, its threads). */
    public static void release(InferenceService service) {
        synchronized (BY_JOB) {
            String key = BY_JOB.entrySet().stream().filter(e -> e.getValue() == service).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException("released an inference service that was not acquired"));
            int left = USERS.merge(key, -1, Integer::sum);
            if (left <= 0) {
                USERS.remove(key);
                BY_JOB.remove(key);
                service.shutdown();
            }
        }
    }
}
