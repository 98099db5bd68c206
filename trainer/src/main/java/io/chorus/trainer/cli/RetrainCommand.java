package io.chorus.trainer.cli;

import io.chorus.schemas.ops.AdminTokenOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Ask a running retraining service for a round now (POST /retrain). Exit code 0: accepted; 3: a round is "
                + "running already; 4: refused (admin token missing or wrong, or a remote call to a service without one); "
                + "1: the service could not be reached.")
final class RetrainCommand implements Callable<Integer> {

    @Option(names = "--service", defaultValue = "${env:CHORUS_TRAINER_URL:-http://127.0.0.1:8084}",
            description = "Base URL of the service (env CHORUS_TRAINER_URL). Default: ${DEFAULT-VALUE}")
    URI service;

    @Mixin
    AdminTokenOptions admin;

    @Override
    public Integer call() throws Exception {
        URI target = service.resolve("/retrain");
        HttpResponse<String> r;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.noBody());
            admin.adminToken().authorization().ifPresent(a -> request.header("Authorization", a));
            r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.err.println("cannot reach the retraining service at " + target + ": " + e.getMessage());
            return 1;
        }
        System.out.println(r.body());
        return switch (r.statusCode()) {
            case 202 -> 0;
            case 409 -> 3;
            case 401, 403 -> 4;
            default -> 1;
        };
    }
}
