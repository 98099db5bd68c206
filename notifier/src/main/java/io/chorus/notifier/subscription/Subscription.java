package io.chorus.notifier.subscription;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * One subscription: where alerts go (a channel) and which alerts (a filter).
 *
 * @param id      the name operators and the audit trail know it by
 * @param channel where and how it is delivered
 * @param filter  which alerts it wants
 */
public record Subscription(String id, Channel channel, Filter filter) {

    /** Where alerts go. */
    public sealed interface Channel permits Webhook, Mqtt, Email {
        /** The channel's kind, as the audit trail writes it. */
        String kind();

        /** Where it goes, without credentials; also the circuit breaker's key. */
        String endpoint();
    }

    /**
     * An HTTP POST of the alert as JSON.
     *
     * @param secret  the HMAC-SHA256 key of the X-Chorus-Signature header, or null for unsigned calls
     * @param timeout how long one attempt may take
     */
    public record Webhook(String url, String secret, Duration timeout) implements Channel {
        @Override
        public String kind() {
            return "WEBHOOK";
        }

        @Override
        public String endpoint() {
            return url.replaceAll("//[^/@]*@", "//");
        }
    }

    /**
     * A publish to an MQTT broker, QoS 1, not retained.
     *
     * @param topic a template: {site} and {species} are replaced
     */
    public record Mqtt(String broker, String topic, String username, String password, Duration timeout) implements Channel {
        @Override
        public String kind() {
            return "MQTT";
        }

        @Override
        public String endpoint() {
            return broker + " " + topic;
        }
    }

    /**
     * An e-mail over SMTP.
     *
     * @param starttls "required", "optional" (when the server offers it) or "off"
     */
    public record Email(String host, int port, String starttls, String username, String password, String from, List<String> to,
                        Duration timeout) implements Channel {
        @Override
        public String kind() {
            return "EMAIL";
        }

        @Override
        public String endpoint() {
            return "smtp://" + host + ":" + port + " to " + String.join(",", to);
        }
    }

    /** Hours in a time zone when nothing is delivered (the alerts are counted and summarised in the next message). */
    public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {
        /** Whether this instant falls in the quiet span (which may run over midnight). */
        public boolean covers(java.time.Instant t) {
            LocalTime local = ZonedDateTime.ofInstant(t, zone).toLocalTime();
            return from.isBefore(to) ? !local.isBefore(from) && local.isBefore(to) : !local.isBefore(from) || local.isBefore(to);
        }
    }

    /**
     * Which alerts a subscription wants; an empty set or null field does not filter.
     *
     * @param maxPerHour at most this many deliveries per clock hour (0: no limit); the excess is counted and summarised
     */
    public record Filter(Set<String> sites, Set<String> species, boolean rareOnly, double minScore, QuietHours quietHours,
                         int maxPerHour) {
        public static final Filter ALL = new Filter(Set.of(), Set.of(), false, 0, null, 0);

        /** Whether the alert is one this subscription wants at all (quiet hours and rate are the worker's). */
        public boolean wants(io.chorus.schemas.avro.SpeciesAlert a) {
            return (sites.isEmpty() || sites.contains(a.getSiteId())) && (species.isEmpty() || species.contains(a.getSpeciesCode()))
                    && (!rareOnly || a.getRare()) && a.getMaxScore() >= minScore;
        }
    }
}
