package io.chorus.trainer.cli;

import io.chorus.model.release.ModelReleases;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model line, where its copies live, and how large a release may be (serve and rollback). */
public class ModelLineOptions {

    @Option(names = "--model-name", defaultValue = "${env:CHORUS_MODEL_NAME:-chorus-anura}",
            description = "Model line: the key on the models topic, the name the detection job serves (env CHORUS_MODEL_NAME). "
                    + "Default: ${DEFAULT-VALUE}")
    String modelName;

    @Option(names = "--model-dir", defaultValue = "${env:CHORUS_MODEL_DIR:-chorus-data/models}",
            description = "Model directory: a copy of every version, round reports and the schedule state, under <dir>/<model-name> "
                    + "(env CHORUS_MODEL_DIR). Default: ${DEFAULT-VALUE}")
    Path modelDir;

    @Option(names = "--max-release-bytes", description = "Largest compressed artifact a release carries inline; a bigger one fails "
            + "before anything is sent. Default: the models topic's max.message.bytes less 256 KiB (66846720)")
    Long maxReleaseBytes;

    long maxReleaseBytes() {
        return maxReleaseBytes == null ? ModelReleases.maxInlineArtifactBytes() : maxReleaseBytes;
    }
}
