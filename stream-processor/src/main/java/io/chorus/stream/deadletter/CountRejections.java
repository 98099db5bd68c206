package io.chorus.stream.deadletter;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last stop before the DLQ: counts every rejection by reason code
 * ({@code ..._deadLetters{reason="NON_FINITE_SAMPLES"}}) and logs it, rate-limited per reason.
 */
public class CountRejections extends RichMapFunction<Rejection, Rejection> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CountRejections.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private transient MetricGroup metrics;
    private transient Map<String, Counter> byReason;
    private transient Map<String, Long> lastLogged;

    @Override
    public void open(OpenContext context) {
        metrics = getRuntimeContext().getMetricGroup();
        byReason = new HashMap<>();
        lastLogged = new HashMap<>();
    }

    @Override
    public Rejection map(Rejection r) {
        byReason.computeIfAbsent(r.reasonCode, code -> metrics.addGroup("reason", code).counter("deadLetters")).inc();
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(r.reasonCode);
        if (last == null || now - last >= LOG_EVERY_MILLIS) {
            lastLogged.put(r.reasonCode, now);
            LOG.warn("to the dead-letter topic: {}", r);
        }
        return r;
    }
}
