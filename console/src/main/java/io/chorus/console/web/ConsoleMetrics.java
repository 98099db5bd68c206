package io.chorus.console.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What the console counts, served on its /metrics. */
public final class ConsoleMetrics {

    /** Reason codes of refused input, pre-registered so each series exists at zero. */
    public static final String[] REFUSAL_CODES = {"unknown_request", "unknown_species", "already_answered", "claimed", "malformed_form",
            "oversized_form", "csrf", "wrong_password", "not_logged_in", "forbidden", "bad_export", "not_found"};

    final Counter refusals;
    final Counter annotations;
    final Counter logins;
    final Counter exportRows;

    /** The pending-queue size the pages last counted. */
    private final java.util.concurrent.atomic.AtomicLong pendingSeen = new java.util.concurrent.atomic.AtomicLong();

    public ConsoleMetrics(PrometheusRegistry registry) {
        refusals = Counter.builder().name("chorus_console_refusals_total")
                .help("Requests the console refused, by reason (nothing written to Kafka for any of them)").labelNames("reason")
                .register(registry);
        for (String c : REFUSAL_CODES) {
            refusals.labelValues(c);
        }
        annotations = Counter.builder().name("chorus_console_annotations_total")
                .help("Annotations reviewers submitted through the console, by kind (species, none)").labelNames("kind").register(registry);
        annotations.labelValues("species");
        annotations.labelValues("none");
        logins = Counter.builder().name("chorus_console_logins_total").help("Successful logins").register(registry);
        exportRows = Counter.builder().name("chorus_console_export_rows_total").help("Rows written by detection exports, by format")
                .labelNames("format").register(registry);
        GaugeWithCallback.builder().name("chorus_console_queue_pending").help("Pending review requests when a page last counted them")
                .callback(cb -> cb.call(pendingSeen.get())).register(registry);
    }

    /** A page counted this many pending requests. */
    public void pendingSeen(long pending) {
        pendingSeen.set(pending);
    }

    public void answered(boolean none) {
        annotations.labelValues(none ? "none" : "species").inc();
    }

    public void loggedIn() {
        logins.inc();
    }

    public void exported(io.chorus.console.export.ExportFormat format, int rows) {
        exportRows.labelValues(format.name().toLowerCase(java.util.Locale.ROOT)).inc(rows);
    }
}
