package io.chorus.schemas.ops;

import picocli.CommandLine.Option;

/**
 * Where a Chorus command's HTTP endpoints listen (a picocli mixin): loopback unless told, so a
 * box on a shared network exposes nothing by default.
 */
public class BindOptions {

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:CHORUS_BIND:-127.0.0.1}",
            description = "Address the HTTP endpoints listen on; 0.0.0.0 for every interface (env CHORUS_BIND). Default: ${DEFAULT-VALUE}")
    String bind;

    public String bind() {
        return bind;
    }

    /** The startup warning, on standard error, when this command listens beyond loopback without a token. */
    public void warnIfExposed(String service, AdminToken token) {
        String w = Exposure.warning(service, bind, token);
        if (w != null) {
            System.err.println(w);
        }
    }
}
