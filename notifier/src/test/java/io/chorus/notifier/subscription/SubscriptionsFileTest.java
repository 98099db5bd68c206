package io.chorus.notifier.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionsFileTest {

    @TempDir
    Path dir;

    @Test
    void oneSubscriptionPerChannelReadsWithItsFilter() throws Exception {
        Path f = Files.writeString(dir.resolve("s.yaml"), """
                subscriptions:
                  - id: rangers
                    channel: webhook
                    url: https://hooks.example.org/chorus
                    secret: a-shared-secret-of-16+
                    timeout: 2s
                    filter:
                      sites: [S1, S2]
                      species: LEPPOD
                      rare-only: true
                      min-score: 0.6
                      quiet-hours: {from: "22:00", to: "06:00", zone: America/Sao_Paulo}
                      max-per-hour: 10
                  - id: scada
                    channel: mqtt
                    broker: ssl://broker.example.org:8883
                    username: chorus
                    password: pw
                  - id: office
                    channel: email
                    smtp-host: mail.example.org
                    starttls: required
                    from: chorus@example.org
                    to: [a@example.org]
                """);
        List<Subscription> s = SubscriptionsFile.load(f);
        assertThat(s).extracting(Subscription::id).containsExactly("rangers", "scada", "office");
        Subscription.Webhook w = (Subscription.Webhook) s.get(0).channel();
        assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(2));
        Subscription.Filter filter = s.get(0).filter();
        assertThat(filter.sites()).containsExactlyInAnyOrder("S1", "S2");
        assertThat(filter.species()).containsExactly("LEPPOD");
        assertThat(filter.rareOnly()).isTrue();
        assertThat(filter.maxPerHour()).isEqualTo(10);
        // 22:00–06:00 in São Paulo (UTC−3): 02:00 UTC is 23:00 there (quiet), 12:00 UTC is 09:00 (not).
        assertThat(filter.quietHours().covers(Instant.parse("2026-11-30T02:00:00Z"))).isTrue();
        assertThat(filter.quietHours().covers(Instant.parse("2026-11-30T12:00:00Z"))).isFalse();
        assertThat(((Subscription.Mqtt) s.get(1).channel()).topic()).isEqualTo("chorus/alerts/{site}/{species}");
        Subscription.Email e = (Subscription.Email) s.get(2).channel();
        assertThat(e.port()).isEqualTo(587);
        assertThat(e.endpoint()).isEqualTo("smtp://mail.example.org:587 to a@example.org");
        assertThat(s.get(1).filter()).isEqualTo(Subscription.Filter.ALL);
    }

    @Test
    void aMalformedFileIsRefusedWithEveryProblemNamingItsEntryAndField() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), """
                subscriptions:
                  - id: a
                    channel: webhook
                    url: ftp://nowhere
                    secret: short
                  - id: b
                    channel: mqtt
                    broker: localhost
                    topic: chorus/#
                    colour: red
                  - channel: email
                    smtp-host: mail.example.org
                    from: nobody
                    to: []
                    filter: {min-score: 2, quiet-hours: {from: late}}
                  - id: a
                    channel: sms
                """);
        SubscriptionsFile.InvalidSubscriptionsException e = catchThrowableOfType(SubscriptionsFile.InvalidSubscriptionsException.class,
                () -> SubscriptionsFile.load(f));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "entry 1 ('a'): field 'url': 'ftp://nowhere' is not an http(s) URL",
                "entry 1 ('a'): field 'secret': has 5 characters; a signing secret needs at least 16",
                "entry 2 ('b'): field 'broker': 'localhost' is not tcp://host:port or ssl://host:port",
                "entry 2 ('b'): field 'topic': 'chorus/#' has a wildcard (# or +); a publish needs a plain topic",
                "entry 2 ('b'): field 'colour': is not a field here (known: broker, channel, filter, id, password, timeout, topic, username)",
                "entry 3: field 'id': is missing",
                "entry 3: field 'from': 'nobody' is not an e-mail address",
                "entry 3: field 'to': must list at least one address",
                "entry 3: field 'filter.min-score': 2 is not between 0 and 1",
                e.problems().stream().filter(p -> p.startsWith("entry 3: field 'filter.quiet-hours'")).findFirst().orElse("quiet-hours missing"),
                "entry 4 ('a'): field 'channel': 'sms' is none of webhook, mqtt, email");
        assertThat(e.getMessage()).startsWith(f + ": 11 problems:");
        Files.writeString(f, "subscriptions: {}\n");
        assertThat(catchThrowableOfType(SubscriptionsFile.InvalidSubscriptionsException.class, () -> SubscriptionsFile.load(f)).problems())
                .containsExactly("needs a top-level 'subscriptions:' list");
    }
}
