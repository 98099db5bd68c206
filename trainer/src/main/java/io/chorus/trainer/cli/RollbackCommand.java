package io.chorus.trainer.cli;

import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.trainer.release.ModelDirectory;
import io.chorus.trainer.release.Rollback;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Put version N back into service: its artifact, byte for byte, is published as the line's next version with "
                + "parent N (the job serves only versions newer than its own). Reads N from the model directory, or from the "
                + "models topic while compaction has kept it. A round in progress at the same time does not publish over it.")
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Mixin
    ModelLineOptions line;

    @Option(names = "--to", required = true, description = "Version to restore.")
    int to;

    @Override
    public Integer call() throws Exception {
        ModelRelease r = Rollback.to(to, connection.settings(), new ModelDirectory(line.modelDir, line.modelName), line.modelName,
                line.maxReleaseBytes());
        System.out.println("published " + r.getModelName() + " v" + r.getVersion() + " = v" + to + "'s artifact (sha256 "
                + r.getArtifactSha256() + ")");
        return 0;
    }
}
