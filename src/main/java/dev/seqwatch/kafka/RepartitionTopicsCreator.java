package dev.seqwatch.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the repartition topics if they do not exist, as Kafka Streams creates its repartition
 * topics: the keyed one with as many partitions as the events topic and its replication factor,
 * the single one with one partition. Existing topics are left as they are; their partition count
 * must not change while instances run, since it decides which partition owns a key.
 *
 * <p>When the brokers cannot be reached at start, the instance starts anyway, as it does for the
 * events topic: producer and consumer both read the partition count from the topic's metadata, so a
 * topic the broker creates on first use, or an operator creates later, is partitioned consistently.
 */
final class RepartitionTopicsCreator {

  private static final Logger log = LoggerFactory.getLogger(RepartitionTopicsCreator.class);
  private static final int TIMEOUT_MS = 15_000;

  private RepartitionTopicsCreator() {
  }

  static void create(Map<String, Object> adminSettings, String eventsTopic, RepartitionTopics topics) {
    try (Admin admin = Admin.create(adminSettings)) {
      Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(TIMEOUT_MS)).names().get();
      Optional<Integer> partitions = Optional.empty();
      Optional<Short> replication = Optional.empty();
      if (existing.contains(eventsTopic)) {
        TopicDescription events = admin.describeTopics(List.of(eventsTopic),
            new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS)).allTopicNames().get().get(eventsTopic);
        partitions = Optional.of(events.partitions().size());
        replication = Optional.of((short) events.partitions().get(0).replicas().size());
      }
      for (NewTopic topic : List.of(new NewTopic(topics.keyed(), partitions, replication),
          new NewTopic(topics.single(), Optional.of(1), replication))) {
        if (!existing.contains(topic.name())) {
          createOne(admin, topic);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while creating the repartition topics {}", topics);
    } catch (ExecutionException e) {
      log.warn("Could not create the repartition topics {}: {}; they must be created by the broker on first use"
          + " or by hand (docs/scaling.md)", topics, e.getCause().getMessage());
    }
  }

  private static void createOne(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException {
    try {
      admin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs(TIMEOUT_MS)).all().get();
      log.info("Created the repartition topic {} ({} partitions)", topic.name(),
          topic.numPartitions() < 0 ? "the broker's default" : topic.numPartitions());
    } catch (ExecutionException e) {
      // Another instance creating it at the same time is fine.
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }
}
