package io.chorus.console.review;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The last few rendered images by key (least recently used goes first): a reviewer's back and forth costs one render. */
public final class ImageCache {

    private final Map<String, byte[]> images;

    public ImageCache(int capacity) {
        this.images = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized byte[] get(String key, Supplier<byte[]> render) {
        byte[] image = images.get(key);
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
