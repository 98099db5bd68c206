package io.chorus.stream.alerts;

import io.chorus.stream.inference.ScoredWindow;
import java.util.Arrays;
import java.util.LinkedHashSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by site: k-of-n confirmation per species. A species is confirmed when k windows of the
 * site's recorders scored at or above its threshold with starts inside the span; then one alert,
 * and none for that species and site until the cooldown has passed (event time, so a replay
 * raises the same alerts). n is the number of windows (recorder and start) the site produced
 * across the positives' span, so "k of n" never has k above n when several recorders hear the
 * same call. Single positives (a frog that called once, a false positive) alert nobody.
 */
public class RaiseAlerts extends KeyedProcessFunction<String, ScoredWindow, Alert> {

    private static final long serialVersionUID = 1L;

    private final AlertSettings settings;
    private transient MapState<String, SpeciesTrack> tracks;
    private transient ValueState<SiteWindows> siteWindows;
    private transient Counter alertsRaised;
    private transient Counter suppressedByCooldown;

    public RaiseAlerts(AlertSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        tracks = getRuntimeContext().getMapState(new MapStateDescriptor<>("species-tracks", Types.STRING,
                TypeInformation.of(SpeciesTrack.class)));
        siteWindows = getRuntimeContext().getState(new ValueStateDescriptor<>("site-windows", TypeInformation.of(SiteWindows.class)));
        alertsRaised = getRuntimeContext().getMetricGroup().counter("alertsRaised");
        suppressedByCooldown = getRuntimeContext().getMetricGroup().counter("alertsSuppressedByCooldown");
    }

    @Override
    public void processElement(ScoredWindow w, Context ctx, Collector<Alert> out) throws Exception {
        long span = Math.round(settings.spanSeconds() * 1e6);
        SiteWindows seen = rememberWindow(w.window.startMicros, w.window.recorderId, w.window.startMicros - span);
        for (int i = 0; i < w.scores.length; i++) {
            if (!w.detected(i)) {
                continue;
            }
            String species = w.labels[i];
            SpeciesTrack t = tracks.get(species);
            if (t == null) {
                t = new SpeciesTrack();
            }
            if (w.window.startMicros < t.cooldownUntilMicros) {
                suppressedByCooldown.inc();
                tracks.put(species, t);
                continue;
            }
            t.add(w.window.startMicros, w.window.endMicros, w.scores[i], w.window.windowId, w.window.recorderId);
            t.keepFrom(w.window.startMicros - span);
            if (t.size() >= settings.positives()) {
                out.collect(alert(w, i, t, seen));
                alertsRaised.inc();
                t.cooldownUntilMicros = Arrays.stream(t.ends).max().orElse(0) + Math.round(settings.cooldownSeconds() * 1e6);
                t.clear();
            }
            tracks.put(species, t);
        }
    }

    private SiteWindows rememberWindow(long start, String recorder, long oldest) throws Exception {
        SiteWindows seen = siteWindows.value();
        if (seen == null) {
            seen = new SiteWindows();
        }
        seen.remember(start, recorder, oldest);
        siteWindows.update(seen);
        return seen;
    }

    private Alert alert(ScoredWindow w, int label, SpeciesTrack t, SiteWindows seen) {
        Alert a = new Alert();
        long first = Arrays.stream(t.starts).min().orElseThrow();
        long lastStart = Arrays.stream(t.starts).max().orElseThrow();
        a.siteId = w.window.siteId;
        a.speciesCode = w.labels[label];
        a.alertId = a.siteId + "/" + a.speciesCode + "/" + first;
        a.rare = w.flagged[label];
        a.recorderIds = new LinkedHashSet<>(Arrays.asList(t.recorderIds)).toArray(new String[0]);
        a.firstWindowStartMicros = first;
        a.lastWindowEndMicros = Arrays.stream(t.ends).max().orElseThrow();
        a.positiveWindows = t.size();
        a.windowsConsidered = seen.countStartingIn(first, lastStart);
        float max = 0;
        double sum = 0;
        for (float s : t.scores) {
            max = Math.max(max, s);
            sum += s;
        }
        a.maxScore = max;
        a.meanScore = (float) (sum / t.size());
        a.threshold = w.thresholds[label];
        a.rule = settings.rule();
        a.windowIds = t.windowIds.clone();
        a.modelName = w.modelName;
        a.modelVersion = w.modelVersion;
        a.raisedAtMillis = System.currentTimeMillis();
        return a;
    }
}
