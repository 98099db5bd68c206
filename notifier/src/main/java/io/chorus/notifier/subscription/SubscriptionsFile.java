package io.chorus.notifier.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates the subscriptions file (YAML). Every problem is reported, each naming the
 * entry (number and id) and the field; a file with any problem is refused as a whole.
 *
 * <pre>
 * subscriptions:
 *   - id: rangers
 *     channel: webhook            # webhook | mqtt | email
 *     url: https://hooks.example.org/chorus
 *     secret: a-shared-secret      # HMAC-SHA256 of the body in X-Chorus-Signature
 *     filter: {sites: [S1], species: [LEPPOD], rare-only: true, min-score: 0.6,
 *              quiet-hours: {from: "22:00", to: "06:00", zone: America/Sao_Paulo}, max-per-hour: 10}
 * </pre>
 */
public final class SubscriptionsFile {

    /** The file could not be used: every problem found, one per line. */
    public static final class InvalidSubscriptionsException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidSubscriptionsException(Path file, List<String> problems) {
            super(file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> COMMON = Set.of("id", "channel", "filter");
    private static final Set<String> WEBHOOK = Set.of("url", "secret", "timeout");
    private static final Set<String> MQTT = Set.of("broker", "topic", "username", "password", "timeout");
    private static final Set<String> EMAIL = Set.of("smtp-host", "smtp-port", "starttls", "username", "password", "from", "to", "timeout");
    private static final Set<String> FILTER = Set.of("sites", "species", "rare-only", "min-score", "quiet-hours", "max-per-hour");

    private SubscriptionsFile() {
    }

    public static List<Subscription> load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidSubscriptionsException(file, List.of("cannot be read as YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        List<String> problems = new ArrayList<>();
        List<Subscription> out = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("subscriptions");
        if (list == null || !list.isArray()) {
            throw new InvalidSubscriptionsException(file, List.of("needs a top-level 'subscriptions:' list"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Entry e = new Entry(list.get(i), i + 1, problems);
            Subscription s = e.read();
            if (s != null) {
                if (!ids.add(s.id())) {
                    problems.add(e.where() + ": id '" + s.id() + "' is used by an earlier entry");
                } else {
                    out.add(s);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscriptionsException(file, problems);
        }
        return List.copyOf(out);
    }

    /** One entry being read; problems are collected, not thrown. */
    private static final class Entry {
        private final JsonNode node;
        private final int number;
        private final List<String> problems;
        private String id;

        Entry(JsonNode node, int number, List<String> problems) {
            this.node = node;
            this.number = number;
            this.problems = problems;
        }

        String where() {
            return "entry " + number + (id == null ? "" : " ('" + id + "')");
        }

        void problem(String field, String what) {
            problems.add(where() + ": field '" + field + "': " + what);
        }

        Subscription read() {
            if (node == null || !node.isObject()) {
                problems.add(where() + ": is not a mapping of fields");
                return null;
            }
            id = text(node, "id", true);
            int before = problems.size();
            String kind = text(node, "channel", true);
            Set<String> allowed = new HashSet<>(COMMON);
            Subscription.Channel channel = null;
            if (kind != null) {
                switch (kind.toLowerCase(Locale.ROOT)) {
                    case "webhook" -> {
                        allowed.addAll(WEBHOOK);
                        channel = webhook();
                    }
                    case "mqtt" -> {
                        allowed.addAll(MQTT);
                        channel = mqtt();
                    }
                    case "email" -> {
                        allowed.addAll(EMAIL);
                        channel = email();
                    }
                    default -> problem("channel", "'" + kind + "' is none of webhook, mqtt, email");
                }
            }
            unknownFields(node, allowed, "");
            Subscription.Filter filter = filter(node.get("filter"));
            return problems.size() == before && channel != null ? new Subscription(id, channel, filter) : null;
        }

        private void unknownFields(JsonNode n, Set<String> allowed, String prefix) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    problem(prefix + f, "is not a field here (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
        }

        private String text(JsonNode n, String field, boolean required) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                if (required) {
                    problem(field, "is missing");
                }
                return null;
            }
            if (!v.isValueNode()) {
                problem(field, "must be a single value");
                return null;
            }
            return v.asText().trim();
        }

        private Duration duration(JsonNode n, String field, Duration dflt) {
            String t = text(n, field, false);
            if (t == null) {
                return dflt;
            }
            try {
                return new io.chorus.schemas.cli.DurationConverter().convert(t);
            } catch (RuntimeException e) {
                problem(field, "'" + t + "' is not a duration like 500ms, 5s or 1m");
                return dflt;
            }
        }

        private Subscription.Channel webhook() {
            String url = text(node, "url", true);
            if (url != null) {
                try {
                    URI u = URI.create(url);
                    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                        problem("url", "'" + url + "' is not an http(s) URL");
                    }
                } catch (IllegalArgumentException e) {
                    problem("url", "'" + url + "' is not a URL: " + e.getMessage());
                }
            }
            String secret = text(node, "secret", false);
            if (secret != null && secret.length() < 16) {
                problem("secret", "has " + secret.length() + " characters; a signing secret needs at least 16");
            }
            return new Subscription.Webhook(url, secret, duration(node, "timeout", Duration.ofSeconds(5)));
        }

        private Subscription.Channel mqtt() {
            String broker = text(node, "broker", true);
            if (broker != null && !broker.matches("(tcp|ssl)://[^/]+:\\d+")) {
                problem("broker", "'" + broker + "' is not tcp://host:port or ssl://host:port");
            }
            String topic = text(node, "topic", false);
            if (topic == null) {
                topic = "chorus/alerts/{site}/{species}";
            } else if (topic.contains("#") || topic.contains("+")) {
                problem("topic", "'" + topic + "' has a wildcard (# or +); a publish needs a plain topic");
            }
            return new Subscription.Mqtt(broker, topic, text(node, "username", false), text(node, "password", false),
                    duration(node, "timeout", Duration.ofSeconds(10)));
        }

        private Subscription.Channel email() {
            String host = text(node, "smtp-host", true);
            int port = 587;
            String p = text(node, "smtp-port", false);
            if (p != null) {
                try {
                    port = Integer.parseInt(p);
                    if (port < 1 || port > 65535) {
                        problem("smtp-port", p + " is not a port (1-65535)");
                    }
                } catch (NumberFormatException e) {
                    problem("smtp-port", "'" + p + "' is not a number");
                }
            }
            String starttls = text(node, "starttls", false);
            if (starttls == null) {
                starttls = "optional";
            } else if (!Set.of("required", "optional", "off").contains(starttls)) {
                problem("starttls", "'" + starttls + "' is none of required, optional, off");
            }
            String from = text(node, "from", true);
            if (from != null && !from.contains("@")) {
                problem("from", "'" + from + "' is not an e-mail address");
            }
            List<String> to = new ArrayList<>(strings(node, "to"));
            if (to.isEmpty()) {
                problem("to", "must list at least one address");
            }
            to.stream().filter(a -> !a.contains("@")).forEach(a -> problem("to", "'" + a + "' is not an e-mail address"));
            return new Subscription.Email(host, port, starttls, text(node, "username", false), text(node, "password", false), from,
                    List.copyOf(to), duration(node, "timeout", Duration.ofSeconds(10)));
        }

        private Set<String> strings(JsonNode n, String field) {
            JsonNode v = n == null ? null : n.get(field);
            Set<String> out = new LinkedHashSet<>();
            if (v == null || v.isNull()) {
                return out;
            }
            if (v.isValueNode()) {
                out.add(v.asText().trim());
            } else if (v.isArray()) {
                v.forEach(x -> out.add(x.asText().trim()));
            } else {
                problem(field, "must be a value or a list of values");
            }
            return out;
        }

        private Subscription.Filter filter(JsonNode f) {
            if (f == null || f.isNull()) {
                return Subscription.Filter.ALL;
            }
            if (!f.isObject()) {
                problem("filter", "must be a mapping of fields");
                return Subscription.Filter.ALL;
            }
            unknownFields(f, FILTER, "filter.");
            double minScore = 0;
            String ms = text(f, "min-score", false);
            if (ms != null) {
                try {
                    minScore = Double.parseDouble(ms);
                    if (minScore < 0 || minScore > 1) {
                        problem("filter.min-score", ms + " is not between 0 and 1");
                    }
                } catch (NumberFormatException e) {
                    problem("filter.min-score", "'" + ms + "' is not a number");
                }
            }
            int maxPerHour = 0;
            String mph = text(f, "max-per-hour", false);
            if (mph != null) {
                try {
                    maxPerHour = Integer.parseInt(mph);
                    if (maxPerHour < 0) {
                        problem("filter.max-per-hour", mph + " is negative");
                    }
                } catch (NumberFormatException e) {
                    problem("filter.max-per-hour", "'" + mph + "' is not a whole number");
                }
            }
            Subscription.QuietHours quiet = null;
            JsonNode q = f.get("quiet-hours");
            if (q != null && !q.isNull()) {
                try {
                    quiet = new Subscription.QuietHours(LocalTime.parse(q.path("from").asText()), LocalTime.parse(q.path("to").asText()),
                            ZoneId.of(q.path("zone").asText("UTC")));
                } catch (RuntimeException e) {
                    problem("filter.quiet-hours", "needs from and to as HH:MM and a zone like Europe/Berlin (" + e.getMessage() + ")");
                }
            }
            String rare = text(f, "rare-only", false);
            if (rare != null && !Set.of("true", "false").contains(rare)) {
                problem("filter.rare-only", "'" + rare + "' is neither true nor false");
            }
            return new Subscription.Filter(Set.copyOf(strings(f, "sites")), Set.copyOf(strings(f, "species")), "true".equals(rare), minScore,
                    quiet, maxPerHour);
        }
    }
}
