package dev.seqwatch.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The topics that carry candidates of rules that are not host-local (docs/scaling.md): {@code
 * keyed}, with as many partitions as the events topic, for rules with join keys, and {@code
 * single}, one partition, for rules without.
 */
record RepartitionTopics(String keyed, String single) {

  static RepartitionTopics of(String eventsTopic) {
    return new RepartitionTopics(eventsTopic + "-repartition", eventsTopic + "-repartition-single");
  }

  /**
   * The partition of {@code key} among {@code partitions}: Kafka's own choice for a keyed record
   * (murmur2 of the key's bytes, {@code BuiltInPartitioner.partitionForKey}). The producer sends to
   * it, and the consumer's engine of that partition owns the key; both compute it the same way.
   */
  static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
