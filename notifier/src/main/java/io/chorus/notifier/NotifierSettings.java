package io.chorus.notifier;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the notifier runs.
 *
 * @param subscriptionsFile the subscriptions (YAML), re-read when it changes
 * @param consoleUrl        the console's base URL for links in messages, or null
 * @param groupId           consumer group on {@code alerts}
 * @param retries           how a failing delivery is tried again
 * @param commitInterval    how often delivered offsets are committed
 * @param reloadInterval    how often the subscriptions file is checked for changes
 */
public record NotifierSettings(Path subscriptionsFile, String consoleUrl, String groupId, Retries retries, Duration commitInterval,
                               Duration reloadInterval) {

    public static final String GROUP_ID = "chorus-notifier";

    /**
     * @param maxAttempts    attempts per delivery before it goes to alerts.undeliverable
     * @param initialBackoff wait after the first failed attempt; doubles each time, ±50 % jitter
     * @param maxBackoff     the longest wait between attempts
     * @param breakerOpen    how long an endpoint's circuit breaker stays open before one trial call
     */
    public record Retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration breakerOpen) {

        public Retries {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("--max-attempts must be at least 1, got " + maxAttempts);
            }
        }
    }

    public static NotifierSettings defaults(Path subscriptionsFile) {
        return new NotifierSettings(subscriptionsFile, null, GROUP_ID, new Retries(5, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1)), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    public NotifierSettings withRetries(int attempts, Duration initial, Duration breaker) {
        return new NotifierSettings(subscriptionsFile, consoleUrl, groupId, new Retries(attempts, initial, retries.maxBackoff(), breaker),
                commitInterval, reloadInterval);
    }

    public NotifierSettings withConsoleUrl(String url) {
        return new NotifierSettings(subscriptionsFile, url, groupId, retries, commitInterval, reloadInterval);
    }
}
