package io.chorus.console.review;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last few things rendered or read, by key (least recently used goes first): a reviewer's
 * back and forth costs one spectrogram render, an alert window one read of audio.chunks.
 */
public final class RenderCache<V> {

    private final Map<String, V> images;

    public RenderCache(int capacity) {
        this.images = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized V get(String key, Supplier<V> render) {
        V image = images.get(key);
        if (image == null) {
            image = render.get();
            images.put(key, image);
        }
        return image;
    }

    public synchronized int size() {
        return images.size();
    }
}
