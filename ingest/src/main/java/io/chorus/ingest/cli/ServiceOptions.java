package io.chorus.ingest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every Kafka Streams service of ingest takes. */
public class ServiceOptions {

    @Option(names = "--state-dir", description = "Kafka Streams state directory. Default: ${DEFAULT-VALUE}")
    Path stateDir = Path.of("chorus-data/streams");

    @Option(names = "--commit-interval-ms", description = "Commit (transaction) interval; output becomes visible to "
            + "read_committed consumers at each commit. Default: ${DEFAULT-VALUE}")
    long commitIntervalMillis = 1000;

    @Option(names = "--http-host", description = "Address of the HTTP endpoint (/metrics and the service's own). Default: ${DEFAULT-VALUE}")
    String httpHost = "0.0.0.0";
}
