package io.chorus.notifier.channel;

import io.chorus.notifier.message.AlertMessage;
import io.chorus.notifier.subscription.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the alert as JSON. {@code Idempotency-Key} is the alert id (a retry or a redelivery after a
 * restart carries the same key); {@code X-Chorus-Signature: sha256=<hex>} is the HMAC-SHA256 of
 * the exact body bytes under the subscription's secret. The body's {@code text} field makes a
 * Slack or Mattermost incoming webhook show it unchanged. 2xx delivers; 408, 429 and 5xx are
 * retried; any other answer is final.
 */
public final class WebhookChannel implements Channel {

    public static final String SIGNATURE_HEADER = "X-Chorus-Signature";

    private final Subscription.Webhook settings;
    private final HttpClient http;

    public WebhookChannel(Subscription.Webhook settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** The signature header's value for a body under a secret. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String deliver(AlertMessage message) throws DeliveryException {
        byte[] body = message.json().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url())).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("Idempotency-Key", message.alert().getAlertId())
                .header("User-Agent", "chorus-notifier").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.secret() != null) {
            request.header(SIGNATURE_HEADER, signature(settings.secret(), body));
        }
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new DeliveryException("no answer within " + settings.timeout().toMillis() + " ms", true, e);
        } catch (java.io.IOException e) {
            throw new DeliveryException("cannot reach " + settings.endpoint() + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", true, e);
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return "HTTP " + status;
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        String answer = r.body() == null ? "" : r.body().strip();
        throw new DeliveryException("HTTP " + status + (answer.isEmpty() ? "" : ": " + answer.substring(0, Math.min(200, answer.length()))),
                retryable, null);
    }
}
