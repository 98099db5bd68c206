package io.chorus.trainer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which data set to read (a picocli mixin shared by train, evaluate and benchmark). */
public class DataOptions {

    @Option(names = "--data", required = true, description = "Data set root in AnuraSet's layout (metadata.csv + audio/).")
    Path data;

    @Option(names = "--variant", defaultValue = "anuraset", description = "anuraset, anuraset36n or anuraset36. Default: ${DEFAULT-VALUE}")
    String variant;
}
