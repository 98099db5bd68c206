package io.chorus.console;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a console runs.
 *
 * @param bind           address to listen on
 * @param port           HTTP port (0: any free one)
 * @param accountsFile   reviewer accounts (created with one reviewer and a printed password when missing and allowed)
 * @param createAccounts create the accounts file with a default reviewer when it is missing
 * @param applicationId  Kafka Streams application id (the state's consumer group and changelog prefix)
 * @param stateDir       Kafka Streams state directory
 * @param claimTtl       how long opening a request keeps it from other reviewers
 * @param sessionTtl     idle time after which a login ends
 * @param exportMaxRange the longest time range one export may cover
 * @param secureCookies  mark cookies Secure (the console is served over HTTPS, e.g. behind an ingress)
 * @param commitInterval Kafka Streams commit interval: how soon the stores see new records
 */
public record ConsoleSettings(String bind, int port, Path accountsFile, boolean createAccounts, String applicationId, Path stateDir,
                              Duration claimTtl, Duration sessionTtl, Duration exportMaxRange, boolean secureCookies,
                              Duration commitInterval) {

    public static final String APPLICATION_ID = "chorus-console";

    public static ConsoleSettings defaults() {
        return new ConsoleSettings("127.0.0.1", 8086, Path.of("chorus-console-accounts.txt"), true, APPLICATION_ID,
                Path.of(System.getProperty("java.io.tmpdir"), "chorus-console-state"), Duration.ofMinutes(5), Duration.ofHours(12),
                Duration.ofDays(7), false, Duration.ofSeconds(1));
    }

    public ConsoleSettings withBind(String address) {
        return new ConsoleSettings(address, port, accountsFile, createAccounts, applicationId, stateDir, claimTtl, sessionTtl, exportMaxRange,
                secureCookies, commitInterval);
    }

    public ConsoleSettings withPort(int p) {
        return new ConsoleSettings(bind, p, accountsFile, createAccounts, applicationId, stateDir, claimTtl, sessionTtl, exportMaxRange,
                secureCookies, commitInterval);
    }

    public ConsoleSettings withFiles(Path accounts, Path state, String appId) {
        return new ConsoleSettings(bind, port, accounts, createAccounts, appId, state, claimTtl, sessionTtl, exportMaxRange,
                secureCookies, commitInterval);
    }

    public ConsoleSettings withClaimTtl(Duration ttl) {
        return new ConsoleSettings(bind, port, accountsFile, createAccounts, applicationId, stateDir, ttl, sessionTtl, exportMaxRange,
                secureCookies, commitInterval);
    }
}
