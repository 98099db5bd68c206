package io.chorus.ingest.cli;

import io.chorus.audio.species.SpeciesGroups;
import io.chorus.ingest.labels.LabelJoinerService;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.schemas.ops.OpsHttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chorus-ingest label-joiner}: annotations x review.requests -> labeled.clips. */
@Command(name = "label-joiner", mixinStandardHelpOptions = true,
        description = "Label joiner: annotations joined with review.requests by request id -> labeled.clips; "
                + "unknown requests and species -> annotations.rejected.")
public final class LabelJoinerCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions kafka;
    @Mixin
    ServiceOptions service;

    @Option(names = "--application-id", description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}")
    String applicationId = LabelJoinerService.APPLICATION_ID;
    @Option(names = "--http-port", description = "Port of /metrics. Default: ${DEFAULT-VALUE}")
    int httpPort = 8083;
    @Option(names = "--species", split = ",", paramLabel = "CODE",
            description = "The species catalogue, in multi-hot order. Default: AnuraSet's 42 species")
    List<String> species = SpeciesGroups.ANURASET_SPECIES;

    @Override
    public Integer call() throws Exception {
        service.http.warnIfExposed("chorus-ingest label-joiner", io.chorus.schemas.ops.AdminToken.none());
        try (LabelJoinerService s = new LabelJoinerService(kafka.settings(), applicationId, service.stateDir, species,
                service.commitIntervalMillis).start();
             OpsHttpServer http = OpsHttpServer.start(service.http.bind(), httpPort, PrometheusRegistry.defaultRegistry, Map.of())) {
            System.out.printf("label joiner running over %d species; metrics at http://%s:%d/metrics%n", species.size(),
                    service.http.bind(), http.port());
            HealthCommand.awaitShutdown();
        }
        return 0;
    }
}
