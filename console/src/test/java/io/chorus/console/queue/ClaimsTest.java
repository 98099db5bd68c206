package io.chorus.console.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClaimsTest {

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-30T06:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aClaimKeepsOthersOutUntilItExpiresByItself() {
        Hands clock = new Hands();
        Claims claims = new Claims(clock, Duration.ofMinutes(5));
        assertThat(claims.claim("r1", "alice")).isEmpty();
        assertThat(claims.claim("r1", "bob")).map(Claims.Claim::reviewer).contains("alice");
        assertThat(claims.heldByOther("r1", "bob")).isPresent();
        assertThat(claims.heldByOther("r1", "alice")).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(claims.claim("r1", "alice")).as("renewed by its holder").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(claims.claim("r1", "bob")).as("still alice's after the renewal").isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(claims.holder("r1")).as("expired").isEmpty();
        assertThat(claims.claim("r1", "bob")).isEmpty();
        claims.release("r1");
        assertThat(claims.holder("r1")).isEmpty();
        assertThatThrownBy(() -> new Claims(clock, Duration.ZERO)).hasMessageContaining("claim time must be positive");
    }
}
