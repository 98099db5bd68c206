package io.chorus.notifier.delivery;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What the notifier counts, per subscription and channel. */
public final class NotifierMetrics {

    final Counter deliveries;
    final Histogram latency;
    final Gauge breaker;
    final Counter reloads;
    final Counter unreadable;
    final Gauge subscriptions;

    public NotifierMetrics(PrometheusRegistry registry) {
        deliveries = Counter.builder().name("chorus_notifier_deliveries_total")
                .help("Delivery outcomes by subscription and channel: delivered, failed (an attempt), retried, undeliverable, "
                        + "suppressed_quiet_hours, suppressed_rate_limit")
                .labelNames("subscription", "channel", "outcome").register(registry);
        latency = Histogram.builder().name("chorus_notifier_delivery_latency_seconds")
                .help("From the alert being raised to its delivery").labelNames("subscription", "channel")
                .classicUpperBounds(0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800).register(registry);
        breaker = Gauge.builder().name("chorus_notifier_breaker_state")
                .help("Circuit breaker of each subscription's endpoint: 0 closed, 1 open, 2 half-open").labelNames("subscription")
                .register(registry);
        reloads = Counter.builder().name("chorus_notifier_subscription_reloads_total")
                .help("Subscriptions file reads after a change: applied, or refused (the previous set keeps serving)").labelNames("outcome")
                .register(registry);
        reloads.labelValues("applied");
        reloads.labelValues("refused");
        unreadable = Counter.builder().name("chorus_notifier_unreadable_alerts_total")
                .help("Records on alerts that could not be read (skipped, logged with partition and offset)").register(registry);
        subscriptions = Gauge.builder().name("chorus_notifier_subscriptions").help("Subscriptions serving").register(registry);
    }

    void outcome(String subscription, String channel, String outcome) {
        deliveries.labelValues(subscription, channel, outcome).inc();
    }

    public void reload(boolean applied) {
        reloads.labelValues(applied ? "applied" : "refused").inc();
    }

    public void unreadable() {
        unreadable.inc();
    }

    public void subscriptions(int n) {
        subscriptions.set(n);
    }
}
