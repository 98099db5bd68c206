package io.chorus.it;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.TopicReads;
import io.chorus.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every committed value of a topic as it stands now, read as a downstream consumer (read_committed) would. */
public final class CommittedRecords {

    private CommittedRecords() {
    }

    public static <V extends SpecificRecord> List<V> readAll(KafkaClientSettings kafka, TopicSpec<String, V> topic) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(kafka.consumer(null, topic), new StringDeserializer(),
                kafka.valueDeserializer(topic))) {
            TopicReads.fromBeginningToEnd(c, topic.name(), r -> out.add(r.value()));
        }
        return out;
    }
}
