package io.chorus.console.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who holds which review request open. Opening a request claims it for {@code ttl}; others see
 * it as taken until the claim expires by itself or its holder answers. Claims live in this
 * console process: with several console replicas behind a load balancer, use sticky sessions
 * (written in the README), since a claim is a courtesy, not a lock — the label joiner applies
 * the later of two answers either way.
 */
public final class Claims {

    /** A claim on one request. */
    public record Claim(String reviewer, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, Claim> claims = new ConcurrentHashMap<>();

    public Claims(Clock clock, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("claim time must be positive, got " + ttl);
        }
        this.clock = clock;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Claims (or renews) the request for this reviewer.
     *
     * @return empty when the reviewer now holds it, else the other reviewer's live claim
     */
    public Optional<Claim> claim(String requestId, String reviewer) {
        Instant now = clock.instant();
        Claim mine = new Claim(reviewer, now.plus(ttl));
        Claim after = claims.compute(requestId, (id, held) ->
                held == null || held.reviewer().equals(reviewer) || !held.expiresAt().isAfter(now) ? mine : held);
        return after == mine ? Optional.empty() : Optional.of(after);
    }

    /** The live claim of someone other than this reviewer, if any. */
    public Optional<Claim> heldByOther(String requestId, String reviewer) {
        Claim c = claims.get(requestId);
        if (c == null || c.reviewer().equals(reviewer) || !c.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** The live claim, if any. */
    public Optional<Claim> holder(String requestId) {
        Claim c = claims.get(requestId);
        return c == null || !c.expiresAt().isAfter(clock.instant()) ? Optional.empty() : Optional.of(c);
    }

    public void release(String requestId) {
        claims.remove(requestId);
    }

    /** Forgets expired claims (called now and then so the map does not grow). */
    public void sweep() {
        Instant now = clock.instant();
        claims.values().removeIf(c -> !c.expiresAt().isAfter(now));
    }
}
