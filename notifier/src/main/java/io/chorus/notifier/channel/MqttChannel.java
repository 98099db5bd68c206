package io.chorus.notifier.channel;

import io.chorus.notifier.message.AlertMessage;
import io.chorus.notifier.subscription.Subscription;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes the alert's JSON to an MQTT broker (Eclipse Paho), QoS 1, not retained, on the
 * subscription's topic template with {site} and {species} filled in. Connects on first use and
 * again after a lost connection; ssl:// brokers use the JVM's trust store.
 */
public final class MqttChannel implements Channel {

    private final Subscription.Mqtt settings;
    private MqttClient client;

    public MqttChannel(Subscription.Mqtt settings) {
        this.settings = settings;
    }

    /** The topic for an alert: template values with MQTT's special characters replaced. */
    public static String topic(String template, String site, String species) {
        return template.replace("{site}", clean(site)).replace("{species}", clean(species));
    }

    private static String clean(String s) {
        return s.replaceAll("[#+/\\u0000]", "_");
    }

    @Override
    public synchronized String deliver(AlertMessage message) throws DeliveryException {
        String topic = topic(settings.topic(), message.alert().getSiteId(), message.alert().getSpeciesCode());
        try {
            if (client == null || !client.isConnected()) {
                connect();
            }
            MqttMessage m = new MqttMessage(message.json().getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            m.setRetained(false);
            client.publish(topic, m);
            return "published to " + topic;
        } catch (MqttException e) {
            closeClient();
            boolean retryable = e.getReasonCode() != MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    && e.getReasonCode() != MqttException.REASON_CODE_NOT_AUTHORIZED;
            throw new DeliveryException("MQTT " + settings.broker() + ": " + e.getMessage() + " (reason " + e.getReasonCode() + ")", retryable, e);
        }
    }

    private void connect() throws MqttException {
        closeClient();
        client = new MqttClient(settings.broker(), "chorus-notifier-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
        client.setTimeToWait(settings.timeout().toMillis());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        if (settings.username() != null) {
            o.setUserName(settings.username());
            o.setPassword(settings.password() == null ? new char[0] : settings.password().toCharArray());
        }
        client.connect(o);
    }

    private void closeClient() {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
                client.close();
            } catch (MqttException e) {
                // already gone
            }
            client = null;
        }
    }

    @Override
    public synchronized void close() {
        closeClient();
    }
}
