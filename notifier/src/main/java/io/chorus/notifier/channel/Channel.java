package io.chorus.notifier.channel;

import io.chorus.notifier.message.AlertMessage;

/** Sends one message to one subscription's endpoint, once (retries are the caller's). */
public interface Channel extends AutoCloseable {

    /** @return what the endpoint answered, for the audit trail (e.g. "HTTP 200") */
    String deliver(AlertMessage message) throws DeliveryException;

    @Override
    default void close() {
    }

    /** The channel for a subscription's settings. */
    static Channel of(io.chorus.notifier.subscription.Subscription.Channel settings) {
        if (settings instanceof io.chorus.notifier.subscription.Subscription.Webhook w) {
            return new WebhookChannel(w);
        } else if (settings instanceof io.chorus.notifier.subscription.Subscription.Mqtt m) {
            return new MqttChannel(m);
        }
        return new EmailChannel((io.chorus.notifier.subscription.Subscription.Email) settings);
    }
}
