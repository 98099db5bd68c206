package io.chorus.console.state;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Read access to the console's stores (interactive queries on the running topology, or a
 * TopologyTestDriver's stores in tests). Every method answers from local state; while the
 * stores are restoring they throw {@link StateUnavailableException}.
 */
public final class ConsoleState {

    /** Where the stores come from. */
    public interface StoreAccess {
        <V> ReadOnlyKeyValueStore<String, V> keyValue(String name);

        ReadOnlyWindowStore<String, Long> window(String name);
    }

    /** The stores cannot be read right now (starting, rebalancing): try again shortly. */
    public static final class StateUnavailableException extends RuntimeException {
        public StateUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final StoreAccess stores;

    public ConsoleState(StoreAccess stores) {
        this.stores = stores;
    }

    public Optional<ReviewRequest> request(String requestId) {
        return Optional.ofNullable(this.<ReviewRequest>kv(ConsoleTopology.REQUESTS).get(requestId));
    }

    public Optional<Annotation> answer(String requestId) {
        return Optional.ofNullable(this.<Annotation>kv(ConsoleTopology.ANSWERS).get(requestId));
    }

    /** Visits every review request (with its audio: visit, don't collect). */
    public void eachRequest(Consumer<ReviewRequest> visitor) {
        each(ConsoleTopology.REQUESTS, visitor);
    }

    /** Every annotation, for the reviewer's daily count. */
    public void eachAnswer(Consumer<Annotation> visitor) {
        each(ConsoleTopology.ANSWERS, visitor);
    }

    public Optional<SpeciesAlert> alert(String alertId) {
        return Optional.ofNullable(this.<SpeciesAlert>kv(ConsoleTopology.ALERTS).get(alertId));
    }

    /** Alerts, newest first. */
    public List<SpeciesAlert> alerts() {
        List<SpeciesAlert> out = new ArrayList<>();
        this.<SpeciesAlert>each(ConsoleTopology.ALERTS, out::add);
        out.sort(Comparator.comparing(SpeciesAlert::getRaisedAt).reversed());
        return out;
    }

    /** The latest health report of every recorder, by recorder id. */
    public List<RecorderHealth> health() {
        List<RecorderHealth> out = new ArrayList<>();
        this.<RecorderHealth>each(ConsoleTopology.HEALTH, out::add);
        out.sort(Comparator.comparing(RecorderHealth::getRecorderId));
        return out;
    }

    /** Every release seen (artifact left out), by line then version. */
    public List<ModelRelease> releases() {
        List<ModelRelease> out = new ArrayList<>();
        this.<ModelRelease>each(ConsoleTopology.MODELS, out::add);
        out.sort(Comparator.comparing(ModelRelease::getModelName).thenComparing(ModelRelease::getVersion));
        return out;
    }

    /** Detections per "site|species" key and hour bucket start, for buckets starting in [from, to). */
    public Map<String, Map<Instant, Long>> activity(Instant from, Instant to) {
        Map<String, Map<Instant, Long>> out = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, Long> it = window().fetchAll(from, to.minusMillis(1))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, Long> kv = it.next();
                out.computeIfAbsent(kv.key.key(), k -> new TreeMap<>()).merge(kv.key.window().startTime(), kv.value, Long::sum);
            }
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            throw new StateUnavailableException("the activity store is not ready: " + e.getMessage(), e);
        }
        return out;
    }

    private <V> void each(String store, Consumer<V> visitor) {
        try (KeyValueIterator<String, V> it = this.<V>kv(store).all()) {
            while (it.hasNext()) {
                V v = it.next().value;
                if (v != null) {
                    visitor.accept(v);
                }
            }
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            throw new StateUnavailableException("store " + store + " is not ready: " + e.getMessage(), e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> kv(String name) {
        try {
            return stores.keyValue(name);
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            throw new StateUnavailableException("store " + name + " is not ready: " + e.getMessage(), e);
        }
    }

    private ReadOnlyWindowStore<String, Long> window() {
        try {
            return stores.window(ConsoleTopology.ACTIVITY);
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            throw new StateUnavailableException("the activity store is not ready: " + e.getMessage(), e);
        }
    }
}
