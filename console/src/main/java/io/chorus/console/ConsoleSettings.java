package io.chorus.console;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a console runs, by concern.
 *
 * @param http           where it listens and how its cookies travel
 * @param accounts       who may log in, and for how long
 * @param streams        the Kafka Streams application that materialises its state
 * @param claimTtl       how long opening a request keeps it from other reviewers
 * @param exportMaxRange the longest time range one export may cover
 */
public record ConsoleSettings(Http http, Accounts accounts, Streams streams, Duration claimTtl, Duration exportMaxRange) {

    public static final String APPLICATION_ID = "chorus-console";

    /**
     * @param bind          address to listen on
     * @param port          HTTP port (0: any free one)
     * @param secureCookies mark cookies Secure (the console is served over HTTPS, e.g. behind an ingress)
     */
    public record Http(String bind, int port, boolean secureCookies) {
    }

    /**
     * @param file       reviewer accounts (created with one reviewer and a printed password when missing and allowed)
     * @param create     create the accounts file with a default reviewer when it is missing
     * @param sessionTtl idle time after which a login ends
     */
    public record Accounts(Path file, boolean create, Duration sessionTtl) {
    }

    /**
     * @param applicationId  Kafka Streams application id (the state's consumer group and changelog prefix)
     * @param stateDir       Kafka Streams state directory
     * @param commitInterval Kafka Streams commit interval: how soon the stores see new records
     */
    public record Streams(String applicationId, Path stateDir, Duration commitInterval) {
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(new Http("127.0.0.1", 8086, false),
                new Accounts(Path.of("chorus-console-accounts.txt"), true, Duration.ofHours(12)),
                new Streams(APPLICATION_ID, Path.of(System.getProperty("java.io.tmpdir"), "chorus-console-state"), Duration.ofSeconds(1)),
                Duration.ofMinutes(5), Duration.ofDays(7));
    }

    public ConsoleSettings withBind(String address) {
        return new ConsoleSettings(new Http(address, http.port(), http.secureCookies()), accounts, streams, claimTtl, exportMaxRange);
    }

    public ConsoleSettings withPort(int p) {
        return new ConsoleSettings(new Http(http.bind(), p, http.secureCookies()), accounts, streams, claimTtl, exportMaxRange);
    }

    public ConsoleSettings withFiles(Path accountsFile, Path state, String appId) {
        return new ConsoleSettings(http, new Accounts(accountsFile, accounts.create(), accounts.sessionTtl()),
                new Streams(appId, state, streams.commitInterval()), claimTtl, exportMaxRange);
    }

    public ConsoleSettings withClaimTtl(Duration ttl) {
        return new ConsoleSettings(http, accounts, streams, ttl, exportMaxRange);
    }
}
