package io.chorus.testsupport.flink;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A bounded FLIP-27 source of given elements, in order (at parallelism 1), for a job on a
 * MiniCluster in the test's JVM. The elements stay in this JVM (Flink POJOs need not be
 * {@link java.io.Serializable}); the source carries only their key.
 */
public final class InMemorySource {

    private static final Map<String, List<?>> ELEMENTS = new ConcurrentHashMap<>();

    private InMemorySource() {
    }

    public static <T> Source<T, ?, ?> of(List<T> elements, TypeInformation<T> type) {
        String key = UUID.randomUUID().toString();
        ELEMENTS.put(key, List.copyOf(elements));
        return new DataGeneratorSource<>(new Nth<>(key), elements.size(), type);
    }

    /** The element at an index of the source's list. */
    private record Nth<T>(String key) implements GeneratorFunction<Long, T> {
        @Override
        @SuppressWarnings("unchecked")
        public T map(Long index) {
            return (T) ELEMENTS.get(key).get(Math.toIntExact(index));
        }
    }
}
