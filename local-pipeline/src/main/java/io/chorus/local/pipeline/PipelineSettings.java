package io.chorus.local.pipeline;

import io.chorus.local.expert.ExpertMode;
import io.chorus.trainer.retrain.RetrainSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the local run can be told, by concern; {@link #defaults()} is the README's first command.
 *
 * @param dataDir       broker data, base data set, models, checkpoints, Streams state, inbox, logs
 * @param cluster       where Kafka and the Schema Registry are
 * @param fleet         the simulated recorders and the synthetic world they hear
 * @param model         the model line the run trains and serves
 * @param review        who answers review requests, and how many are asked
 * @param endpoints     where the run's HTTP endpoints listen
 * @param viewInterval  refresh of the console view (0: no view)
 * @param subscriptions the notifier's subscriptions file, or null for no notifier
 */
public record PipelineSettings(Path dataDir, Cluster cluster, Fleet fleet, Model model, Review review, Endpoints endpoints,
                               Duration viewInterval, Path subscriptions) {

    /** Four frequent, one common and one rare species of AnuraSet's catalogue. */
    public static final List<String> SPECIES = List.of("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD", "PITAZU", "ADEDIP");

    /**
     * @param bootstrapServers  an existing Kafka cluster, or null for the embedded broker
     * @param schemaRegistryUrl an existing Schema Registry, or null for the embedded one
     * @param kafkaPort         embedded broker port (0: any free one)
     * @param registryPort      embedded registry port (0: any free one)
     */
    public record Cluster(String bootstrapServers, String schemaRegistryUrl, int kafkaPort, int registryPort) {

        public Cluster {
            if ((bootstrapServers == null) != (schemaRegistryUrl == null)) {
                throw new IllegalArgumentException("give both --bootstrap-servers and --schema-registry-url for an existing cluster, or neither");
            }
        }

        public boolean embedded() {
            return bootstrapServers == null;
        }
    }

    /**
     * @param recorders      simulated recorders
     * @param sites          sites they are spread over
     * @param speed          simulated audio per wall-clock second (1: real time)
     * @param seed           the synthetic world: species voices, recordings
     * @param species        species of the synthetic world and of the model, in label order
     * @param baseRecordings minutes of audio per site in the synthetic base data set, written as 15 s recordings (the fleet plays later ones)
     * @param offlineAfter   silence after which a recorder is reported OFFLINE
     */
    public record Fleet(int recorders, int sites, double speed, long seed, List<String> species, int baseRecordings,
                        Duration offlineAfter) {

        public Fleet {
            if (recorders < 1 || sites < 1 || recorders < sites) {
                throw new IllegalArgumentException("need at least one recorder per site, got " + recorders + " recorders at " + sites + " sites");
            }
            if (speed < 0) {
                throw new IllegalArgumentException("speed must be >= 0 (0: as fast as Kafka takes it), got " + speed);
            }
        }

        /** The same fleet at another pace. */
        public Fleet atSpeed(double newSpeed) {
            return new Fleet(recorders, sites, newSpeed, seed, species, baseRecordings, offlineAfter);
        }
    }

    /**
     * @param modelName       model line on the models topic
     * @param architecture    network of the first model
     * @param bootstrapEpochs epochs of the first model (CPU-sized)
     * @param warmStartEpochs epochs of each retraining round
     * @param minNewClips     labelled clips that start a retraining round
     */
    public record Model(String modelName, String architecture, int bootstrapEpochs, int warmStartEpochs, int minNewClips) {
    }

    /**
     * @param expert        the simulated expert, or nobody but the people in the console
     * @param expertDelay   how long the simulated expert takes to answer
     * @param reviewPerHour uncertain windows sent to review per recorder per hour of audio
     */
    public record Review(ExpertMode expert, Duration expertDelay, int reviewPerHour) {
    }

    /**
     * @param bind           address every HTTP endpoint listens on (Kafka, the registry and Flink's internals stay on loopback)
     * @param trainerPort    retraining service HTTP port (0: any free one)
     * @param healthPort     recorder health HTTP port (0: any free one)
     * @param jobMetricsPort Flink's Prometheus reporter port (0: off)
     * @param pipelinePort   the local run's own /metrics (publisher, simulated expert) (0: any free one)
     * @param consolePort    the web console (0: any free one)
     * @param adminTokenFile the token POST /retrain requires, or null (then it answers callers on this machine only)
     */
    public record Endpoints(String bind, int trainerPort, int healthPort, int jobMetricsPort, int pipelinePort, int consolePort,
                            Path adminTokenFile) {
    }

    /**
     * The local run's defaults. Its retraining rounds take the warm start and the reviewed-clip
     * handling of {@code chorus-trainer serve} ({@link RetrainSettings}); they start after 60 new
     * clips, not 200, so a first round comes within the hour of a local run.
     */
    public static PipelineSettings defaults() {
        return new PipelineSettings(Path.of("chorus-data"), new Cluster(null, null, 9092, 8081),
                new Fleet(8, 2, 1.0, 7, SPECIES, 16, Duration.ofSeconds(30)),
                new Model("chorus-anura", "mobilenetv3-small-0.5", 30, RetrainSettings.WarmStart.defaults().epochs(), 60),
                new Review(ExpertMode.SIMULATED, Duration.ofSeconds(15), 240),
                new Endpoints("127.0.0.1", 8084, 8082, 9249, 8085, 8086, null), Duration.ofSeconds(5), null);
    }

    /** The same settings with Flink's metrics on this port (0: off). */
    public PipelineSettings withJobMetricsPort(int port) {
        Endpoints e = endpoints;
        return new PipelineSettings(dataDir, cluster, fleet, model, review,
                new Endpoints(e.bind(), e.trainerPort(), e.healthPort(), port, e.pipelinePort(), e.consolePort(), e.adminTokenFile()),
                viewInterval, subscriptions);
    }

    /** The same settings with the notifier delivering to these subscriptions. */
    public PipelineSettings withSubscriptions(Path file) {
        return new PipelineSettings(dataDir, cluster, fleet, model, review, endpoints, viewInterval, file);
    }

    /** The same settings at another pace of the simulated fleet. */
    public PipelineSettings withSpeed(double speed) {
        return new PipelineSettings(dataDir, cluster, fleet.atSpeed(speed), model, review, endpoints, viewInterval, subscriptions);
    }

    public boolean embedded() {
        return cluster.embedded();
    }
}
