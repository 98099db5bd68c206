package io.chorus.notifier.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.audio.species.SpeciesNames;
import io.chorus.schemas.avro.SpeciesAlert;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a subscriber receives about one alert, in each channel's form: the webhook and MQTT JSON
 * body (with a Slack-compatible {@code text}), and the e-mail's subject, text and HTML. When
 * alerts were held back for this subscription (quiet hours, rate limit) since its last message,
 * the message says how many and since when.
 *
 * @param consoleUrl the console's base URL for links to the alert's audio and spectrograms, or null
 * @param heldBack   alerts not delivered to this subscription since its last message
 * @param heldSince  when the first of them was held back, or null
 */
public record AlertMessage(SpeciesAlert alert, String speciesName, String consoleUrl, int heldBack, Instant heldSince) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public static AlertMessage of(SpeciesAlert a, SpeciesNames names, String consoleUrl, int heldBack, Instant heldSince) {
        return new AlertMessage(a, names.nameOf(a.getSpeciesCode()), consoleUrl, heldBack, heldSince);
    }

    /** The console page of the alert (its windows' audio and spectrograms), or null without a console URL. */
    public String alertLink() {
        if (consoleUrl == null) {
            return null;
        }
        String base = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
        return base + "/alerts/" + URLEncoder.encode(alert.getAlertId(), StandardCharsets.UTF_8);
    }

    /** One line: what, where, how sure. */
    public String subject() {
        return String.format(Locale.ROOT, "%s%s%s at %s", alert.getRare() ? "RARE " : "", alert.getSpeciesCode(),
                speciesName.isEmpty() ? "" : " (" + speciesName + ")", alert.getSiteId());
    }

    public String text() {
        StringBuilder b = new StringBuilder(subject()).append(String.format(Locale.ROOT,
                ": %d of %d windows ≥ %.2f (max %.2f), %s – %s, recorders %s, %s v%d", alert.getPositiveWindows(),
                alert.getWindowsConsidered(), alert.getThreshold(), alert.getMaxScore(), TIME.format(alert.getFirstWindowStart()),
                TIME.format(alert.getLastWindowEnd()), String.join(", ", alert.getRecorderIds()), alert.getModelName(), alert.getModelVersion()));
        if (alertLink() != null) {
            b.append(" — listen: ").append(alertLink());
        }
        if (heldBack > 0) {
            b.append(String.format(Locale.ROOT, " (%d earlier alert%s held back since %s: quiet hours or rate limit)", heldBack,
                    heldBack == 1 ? "" : "s", TIME.format(heldSince)));
        }
        return b.toString();
    }

    public String html() {
        String link = alertLink();
        return "<p><b>" + esc(subject()) + "</b></p><p>" + esc(text()) + "</p>"
                + (link == null ? "" : "<p><a href=\"" + esc(link) + "\">Listen to its windows in the Chorus console</a></p>");
    }

    /** The webhook and MQTT body. */
    public String json() {
        ObjectNode n = JSON.createObjectNode();
        n.put("text", text());
        n.put("alertId", alert.getAlertId());
        n.put("siteId", alert.getSiteId());
        n.put("speciesCode", alert.getSpeciesCode());
        n.put("speciesName", speciesName);
        n.put("rare", alert.getRare());
        n.put("firstWindowStart", alert.getFirstWindowStart().toString());
        n.put("lastWindowEnd", alert.getLastWindowEnd().toString());
        n.put("positiveWindows", alert.getPositiveWindows());
        n.put("windowsConsidered", alert.getWindowsConsidered());
        n.put("maxScore", alert.getMaxScore());
        n.put("meanScore", alert.getMeanScore());
        n.put("threshold", alert.getThreshold());
        n.put("rule", alert.getRule());
        alert.getRecorderIds().forEach(n.putArray("recorderIds")::add);
        alert.getWindowIds().forEach(n.putArray("windowIds")::add);
        n.put("modelName", alert.getModelName());
        n.put("modelVersion", alert.getModelVersion());
        n.put("raisedAt", alert.getRaisedAt().toString());
        if (alertLink() != null) {
            n.putObject("links").put("alert", alertLink());
        }
        if (heldBack > 0) {
            n.putObject("heldBack").put("count", heldBack).put("since", heldSince.toString());
        }
        return n.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
