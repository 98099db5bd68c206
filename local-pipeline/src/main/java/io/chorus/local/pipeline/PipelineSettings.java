package io.chorus.local.pipeline;

import io.chorus.local.expert.ExpertMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the local run can be told; {@link #defaults()} is the README's first command.
 *
 * @param dataDir           broker data, base data set, models, checkpoints, Streams state, inbox
 * @param bootstrapServers  an existing Kafka cluster, or null for the embedded broker
 * @param schemaRegistryUrl an existing Schema Registry, or null for the embedded one
 * @param kafkaPort         embedded broker port (0: any free one)
 * @param registryPort      embedded registry port (0: any free one)
 * @param recorders         simulated recorders
 * @param sites             sites they are spread over
 * @param speed             simulated audio per wall-clock second (1: real time)
 * @param seed              the synthetic world: species voices, recordings
 * @param species           species of the synthetic world and of the model, in label order
 * @param baseRecordings    minutes of audio per site in the synthetic base data set, written as 15 s recordings (the fleet plays later ones)
 * @param modelName         model line on the models topic
 * @param architecture      network of the first model
 * @param bootstrapEpochs   epochs of the first model (CPU-sized)
 * @param warmStartEpochs   epochs of each retraining round
 * @param minNewClips       labelled clips that start a retraining round
 * @param expertDelay       how long the simulated expert takes to answer
 * @param reviewPerHour     uncertain windows sent to review per recorder per hour of audio
 * @param offlineAfter      silence after which a recorder is reported OFFLINE
 * @param viewInterval      refresh of the console view (0: no view)
 * @param trainerPort       retraining service HTTP port (0: any free one)
 * @param healthPort        recorder health HTTP port (0: any free one)
 * @param jobMetricsPort    Flink's Prometheus reporter port (0: off)
 * @param pipelinePort      the local run's own /metrics (publisher, simulated expert) (0: any free one)
 * @param consolePort       the web console (0: any free one)
 * @param expert            who answers review requests: the simulated expert, or nobody but the people in the console
 * @param bind              address every HTTP endpoint listens on (Kafka, the registry and Flink's internals stay on loopback)
 * @param adminTokenFile    the token POST /retrain requires, or null (then it answers callers on this machine only)
 * @param subscriptions     the notifier's subscriptions file, or null for no notifier
 */
public record PipelineSettings(Path dataDir, String bootstrapServers, String schemaRegistryUrl, int kafkaPort, int registryPort,
                               int recorders, int sites, double speed, long seed, List<String> species, int baseRecordings,
                               String modelName, String architecture, int bootstrapEpochs, int warmStartEpochs, int minNewClips,
                               Duration expertDelay, int reviewPerHour, Duration offlineAfter, Duration viewInterval,
                               int trainerPort, int healthPort, int jobMetricsPort, int pipelinePort, int consolePort,
                               ExpertMode expert, String bind, Path adminTokenFile, Path subscriptions) {

    /** Four frequent, one common and one rare species of AnuraSet's catalogue. */
    public static final List<String> SPECIES = List.of("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD", "PITAZU", "ADEDIP");

    public PipelineSettings {
        if (recorders < 1 || sites < 1 || recorders < sites) {
            throw new IllegalArgumentException("need at least one recorder per site, got " + recorders + " recorders at " + sites + " sites");
        }
        if (speed < 0) {
            throw new IllegalArgumentException("speed must be >= 0 (0: as fast as Kafka takes it), got " + speed);
        }
        if ((bootstrapServers == null) != (schemaRegistryUrl == null)) {
            throw new IllegalArgumentException("give both --bootstrap-servers and --schema-registry-url for an existing cluster, or neither");
        }
    }

    public static PipelineSettings defaults() {
        return new PipelineSettings(Path.of("chorus-data"), null, null, 9092, 8081, 8, 2, 1.0, 7, SPECIES, 16, "chorus-anura",
                "mobilenetv3-small-0.5", 30, 10, 60, Duration.ofSeconds(15), 240, Duration.ofSeconds(30), Duration.ofSeconds(5),
                8084, 8082, 9249, 8085, 8086, ExpertMode.SIMULATED,
                "127.0.0.1", null, null);
    }

    /** The same settings with Flink's metrics on this port (0: off). */
    public PipelineSettings withJobMetricsPort(int port) {
        return new PipelineSettings(dataDir, bootstrapServers, schemaRegistryUrl, kafkaPort, registryPort, recorders, sites, speed, seed,
                species, baseRecordings, modelName, architecture, bootstrapEpochs, warmStartEpochs, minNewClips, expertDelay,
                reviewPerHour, offlineAfter, viewInterval, trainerPort, healthPort, port, pipelinePort, consolePort, expert, bind,
                adminTokenFile, subscriptions);
    }

    /** The same settings with the notifier delivering to these subscriptions. */
    public PipelineSettings withSubscriptions(Path file) {
        return new PipelineSettings(dataDir, bootstrapServers, schemaRegistryUrl, kafkaPort, registryPort, recorders, sites, speed, seed,
                species, baseRecordings, modelName, architecture, bootstrapEpochs, warmStartEpochs, minNewClips, expertDelay,
                reviewPerHour, offlineAfter, viewInterval, trainerPort, healthPort, jobMetricsPort, pipelinePort, consolePort, expert, bind,
                adminTokenFile, file);
    }

    public boolean embedded() {
        return bootstrapServers == null;
    }
}
