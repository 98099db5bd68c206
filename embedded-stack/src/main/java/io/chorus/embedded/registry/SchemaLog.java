package io.chorus.embedded.registry;

import java.util.function.BiConsumer;

/** Where the registry's records live. Appends are durable when they return. */
interface SchemaLog extends AutoCloseable {

    /**
     * Feeds every stored record, oldest first, to the consumer (key, value; value null = tombstone).
     *
     * @throws RuntimeException when the log cannot be read to its end within the timeout
     */
    void replay(BiConsumer<String, String> consumer, java.time.Duration timeout);

    /**
     * Appends a record and waits until it is stored.
     *
     * @throws RegistryError 50001 / 50002 when the store refuses or does not answer in time
     */
    void append(String key, String value);

    @Override
    void close();
}
