package io.chorus.console.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Logged-in sessions: a random 256-bit id (the cookie) → the account and the session's CSRF
 * token, which every form carries back. Sessions end on logout or after {@code ttl} idle.
 */
public final class Sessions {

    /** One session. */
    public record Session(String id, String account, Role role, String csrfToken, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    public Session open(Accounts.Account account) {
        sweep();
        Session s = new Session(token(), account.name(), account.role(), token(), clock.instant().plus(ttl));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id (and its expiry moved on), else empty. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(id, (k, v) -> v.expiresAt().isAfter(now)
                ? new Session(v.id(), v.account(), v.role(), v.csrfToken(), now.plus(ttl)) : null);
        return Optional.ofNullable(s);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
