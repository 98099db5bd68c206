package io.chorus.schemas.ops;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The admin token flag of commands with action endpoints, or that call them (a picocli mixin). */
public class AdminTokenOptions {

    @Option(names = "--admin-token-file", paramLabel = "FILE", defaultValue = "${env:CHORUS_ADMIN_TOKEN_FILE}",
            description = "File holding the bearer token that action endpoints (POST) require; without one they answer callers on "
                    + "this machine only (env CHORUS_ADMIN_TOKEN_FILE). Default: none")
    Path adminTokenFile;

    public Path adminTokenFile() {
        return adminTokenFile;
    }

    public AdminToken adminToken() {
        return AdminToken.fromFile(adminTokenFile);
    }
}
