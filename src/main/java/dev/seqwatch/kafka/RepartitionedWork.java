package dev.seqwatch.kafka;

import dev.seqwatch.event.Event;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.sequence.Partitioning;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The work on the repartition topics: the rules that are not host-local. A partition of the keyed
 * topic owns the join keys that hash to it, the one partition of the single topic the empty key of
 * rules without join keys; a candidate that also travelled for another key or rule is processed
 * only in the roles its partition owns, so no state is built from a partial view of a key. Nothing
 * is handed on.
 */
final class RepartitionedWork implements Workload {

  private final RepartitionTopics topics;

  RepartitionedWork(RepartitionTopics topics) {
    this.topics = topics;
  }

  @Override
  public RuleSet select(RuleSet all) {
    return Partitioning.repartitioned(all);
  }

  @Override
  public Predicate<String> owner(TopicPartition partition, int partitionsOfTopic) {
    if (partition.topic().equals(topics.single())) {
      return String::isEmpty;
    }
    int owned = partition.partition();
    return key -> !key.isEmpty() && RepartitionTopics.partition(key, partitionsOfTopic) == owned;
  }

  @Override
  public IngestService.Outcome detect(IngestService ingest, DetectionEngine engine, List<Event> events) {
    return ingest.detectRepartitioned(engine, events); // counted as accepted on the events topic
  }

  @Override
  public void handOn(ConsumerRecord<String, byte[]> record, Event event, ActiveRules.Snapshot rules) {
    // the end of the line
  }

  @Override
  public void flush() {
    // nothing handed on
  }
}
