package io.chorus.ingest.cli;

import java.nio.file.Path;
import io.chorus.schemas.ops.BindOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every Kafka Streams service of ingest takes. */
public class ServiceOptions {

    @Option(names = "--state-dir", description = "Kafka Streams state directory. Default: ${DEFAULT-VALUE}")
    Path stateDir = Path.of("chorus-data/streams");

    @Option(names = "--commit-interval-ms", description = "Commit (transaction) interval; output becomes visible to "
            + "read_committed consumers at each commit. Default: ${DEFAULT-VALUE}")
    long commitIntervalMillis = 1000;

    @Mixin
    BindOptions http;
}
