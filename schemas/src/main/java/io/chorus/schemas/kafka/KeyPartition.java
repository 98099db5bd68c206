package io.chorus.schemas.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where a string key lands: the Kafka producers' default partitioner (murmur2 of the key's bytes), for reading one key's records. */
public final class KeyPartition {

    private KeyPartition() {
    }

    public static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
