package io.chorus.embedded.kafka;

import io.chorus.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates catalogue topics that do not exist yet, with their configs; leaves existing ones alone. */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * @param replicationFactor 1 on the embedded broker
     * @return names of the topics created now
     */
    public static List<String> ensureTopics(Map<String, Object> adminConfig, List<? extends TopicSpec<?, ?>> topics,
                                            short replicationFactor) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec<?, ?> t : topics) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), t.partitions(), replicationFactor).configs(t.topicConfigs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
        }
    }
}
