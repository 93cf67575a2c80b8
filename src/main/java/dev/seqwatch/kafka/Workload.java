package dev.seqwatch.kafka;

import dev.seqwatch.event.Event;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.DetectionEngine;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the partitions of one {@link EventsTopicListener} run, and what they hand on: on the events
 * topic the host-local rules, handing the other rules' candidates to the repartition topics
 * ({@link Repartitioner}); on the repartition topics the other rules, each partition owning the
 * join keys that hash to it ({@link RepartitionedWork}). Called on the listener's consumer thread.
 */
interface Workload {

  /** The rules a partition's engine runs, out of the whole set; same schema. */
  RuleSet select(RuleSet all);

  /**
   * The partition keys ({@code Partitioning.key}) whose state the engine of {@code partition}
   * keeps, or null for every key.
   */
  Predicate<String> owner(TopicPartition partition, int partitionsOfTopic);

  /** Detects on {@code events} of one partition with its engine and stores the alerts. */
  IngestService.Outcome detect(IngestService ingest, DetectionEngine engine, List<Event> events);

  /** Takes a live (not replayed) record and its event once its partition's alerts are stored. */
  void handOn(ConsumerRecord<String, byte[]> record, Event event, ActiveRules.Snapshot rules);

  /**
   * Returns once every record {@link #handOn handed on} since the last call is acknowledged by the
   * brokers; throws otherwise. The listener commits its offsets only after this.
   */
  void flush();
}
