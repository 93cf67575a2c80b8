package dev.seqwatch.kafka;

import dev.seqwatch.config.CorrelationState;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.LimitExceededException;
import dev.seqwatch.event.MalformedBodyException;
import dev.seqwatch.ingest.EventsTopicProducer;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.DetectionEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Detects on the partitions of the events topic this instance is assigned, with one engine per
 * partition, so that a partition's correlation state moves with it. The same listener serves the
 * repartition topics: its {@link Workload} says which rules the partitions run (the host-local ones
 * on the events topic, the others on the repartition topics), which join keys a partition owns, and
 * where live records go next (docs/scaling.md, "Partitioning by join keys").
 *
 * <p><b>Assigned</b>: the partition gets a fresh engine, and the consumer seeks back from the
 * committed offset by the engines' {@link DetectionEngine#stateHorizon() state horizon} (maxspan
 * plus allowed lateness), by record timestamp, to the offset of the first record that recent.
 * Those records are replayed to rebuild the state the previous owner had; chains they complete
 * were stored by that owner before it committed, so replayed detections are not stored again.
 * The timestamp to go back from is the one of the last record the previous owner processed,
 * which it wrote into the commit's metadata, so a lagging group rebuilds the right stretch.
 *
 * <p><b>Revoked or lost</b>: the partition's engine is dropped.
 *
 * <p><b>Each poll</b>: records are read, run through their partition's engine, the alerts they
 * complete are committed to the store, the live records are handed on and acknowledged, and only
 * then are the offsets committed. Replayed records are not handed on: the previous owner did so
 * before it committed them. A crash in
 * between replays the records; deterministic alert ids make the second store a no-op, so a chain
 * is stored exactly once.
 *
 * <p>Runs on the container's one consumer thread; the rebalance callbacks run on it too, inside
 * {@code poll}. Only the metrics read from other threads, through {@link #assignedPartitions()}
 * and {@link #estimatedKeys()}, hence the concurrent map of engines.
 */
final class EventsTopicListener
    implements BatchConsumerAwareMessageListener<String, byte[]>, ConsumerAwareRebalanceListener, CorrelationState {

  private static final Logger log = LoggerFactory.getLogger(EventsTopicListener.class);

  private final ActiveRules active;
  private final CorrelationSettings settings;
  private final IngestService ingest;
  private final Workload work;
  /** The rule set the partitions' engines run; changed only on the consumer thread, by {@link #follow()}. */
  private ActiveRules.Snapshot rules;
  private long replayMillis;
  private final Map<TopicPartition, DetectionEngine> engines = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> replayUntil = new HashMap<>();

  /**
   * @param active the instance's rules; the partitions' engines are siblings of its engine, so the
   *     engine metrics count what they do
   * @param work which of the rules the partitions run and where their candidates go next
   */
  EventsTopicListener(ActiveRules active, CorrelationSettings settings, IngestService ingest, Workload work) {
    this.active = active;
    this.settings = settings;
    this.ingest = ingest;
    this.work = work;
    this.rules = active.current();
    this.replayMillis = rules.engine().stateHorizon().toMillis();
  }

  /**
   * Moves every partition's engine to the rule set of a reload, between polls: each engine keeps
   * the state of the rules that did not change ({@link DetectionEngine#withRules}).
   */
  private void follow() {
    ActiveRules.Snapshot now = active.current();
    if (now != rules) {
      RuleSet selected = work.select(now.rules());
      engines.replaceAll((partition, engine) -> engine.withRules(selected));
      rules = now;
      replayMillis = now.engine().stateHorizon().toMillis();
    }
  }

  /** How many partitions this instance detects on now. */
  int assignedPartitions() {
    return engines.size();
  }

  /** Keys with correlation state over every partition's engine (approximate). */
  @Override
  public long estimatedKeys() {
    return engines.values().stream().mapToLong(DetectionEngine::estimatedKeys).sum();
  }

  private void retire(DetectionEngine engine) {
    if (engine != null) {
      // Its per-rule counters add to the instance's: take its keys off the per-rule gauges.
      engine.dropState();
    }
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    startFromCommitted(consumer, partitions, false);
  }

  /**
   * Gives each partition a fresh engine and seeks back from its committed offset by the state
   * horizon, so the records up to that offset rebuild the state without being reported again. A
   * partition without a committed offset starts where the consumer's reset policy puts it, or, when
   * {@code rewindUncommitted}, from its beginning again.
   */
  private void startFromCommitted(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
      boolean rewindUncommitted) {
    if (partitions.isEmpty()) {
      return;
    }
    follow();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
    Map<TopicPartition, Long> since = new HashMap<>();
    for (TopicPartition partition : partitions) {
      int partitionsOfTopic = Math.max(1, consumer.partitionsFor(partition.topic()).size());
      // The memory bound is for the instance: a partition's share of it, so that an instance holding
      // every partition stays within the configured weight.
      retire(engines.put(partition, rules.engine().partition(work.select(rules.rules()),
          settings.withMaximumWeightBytes(Math.max(1, settings.maximumWeightBytes() / partitionsOfTopic)),
          work.owner(partition, partitionsOfTopic))));
      replayUntil.remove(partition);
      OffsetAndMetadata last = committed.get(partition);
      if (last == null) {
        if (rewindUncommitted) {
          consumer.seekToBeginning(List.of(partition));
        }
      } else {
        consumer.seek(partition, last.offset());
        if (last.metadata() != null && !last.metadata().isEmpty()) {
          since.put(partition, Long.parseLong(last.metadata()) - replayMillis);
        }
      }
    }
    if (!since.isEmpty()) {
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since);
      since.keySet().forEach(partition -> {
        OffsetAndTimestamp start = starts.get(partition);
        long resume = committed.get(partition).offset();
        if (start != null && start.offset() < resume) {
          consumer.seek(partition, start.offset());
          replayUntil.put(partition, resume);
          log.info("Rebuilding the state of {} from offset {} up to {}", partition, start.offset(), resume);
        }
      });
    }
  }

  @Override
  public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    drop(partitions);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    drop(partitions);
  }

  private void drop(Collection<TopicPartition> partitions) {
    partitions.forEach(partition -> {
      retire(engines.remove(partition));
      replayUntil.remove(partition);
    });
  }

  @Override
  public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
    follow();
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
          .add(record);
    }
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> liveRecords = new ArrayList<>();
    List<Event> liveEvents = new ArrayList<>();
    try {
      byPartition.forEach((partition, batch) -> {
        DetectionEngine engine = engines.get(partition);
        if (engine == null) {
          return; // revoked while this poll's records were in hand; the next owner reads them
        }
        long replayEnd = replayUntil.getOrDefault(partition, Long.MIN_VALUE);
        List<Event> replay = new ArrayList<>();
        List<Event> live = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
          Event event = read(record, replay.size() + live.size());
          if (event != null && record.offset() < replayEnd) {
            replay.add(event);
          } else if (event != null) {
            live.add(event);
            liveRecords.add(record);
          }
        }
        engine.process(replay);
        work.detect(ingest, engine, live);
        liveEvents.addAll(live);
        ConsumerRecord<String, byte[]> last = batch.get(batch.size() - 1);
        if (last.offset() + 1 >= replayEnd) {
          replayUntil.remove(partition);
        }
        done.put(partition, new OffsetAndMetadata(last.offset() + 1, Long.toString(last.timestamp())));
      });
      // Handed on only once every partition's alerts are stored, so a store failure sends nothing.
      for (int i = 0; i < liveEvents.size(); i++) {
        work.handOn(liveRecords.get(i), liveEvents.get(i), rules);
      }
      work.flush();
    } catch (RuntimeException storeOrEngineFailure) {
      // Nothing of this poll is committed. The engines have seen its records, so rather than feed
      // them the same records twice, start the partitions over from the committed offsets: the
      // next polls rebuild the state and report these records' chains again.
      log.warn("Processing records of {} failed; they will be read again from the committed offsets: {}",
          byPartition.keySet(), storeOrEngineFailure.toString());
      startFromCommitted(consumer, byPartition.keySet().stream().filter(engines::containsKey).toList(), true);
      pause();
      return;
    }
    if (!done.isEmpty()) {
      consumer.commitSync(done);
    }
  }

  /** A second between attempts, so a store that is down is not hammered. */
  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One record's event; a record that is not a usable event is counted as rejected and skipped. */
  private Event read(ConsumerRecord<String, byte[]> record, int index) {
    try {
      Event event = rules.reader().readOne(record.value(), index);
      // The bulk action's _index, so index patterns decide as in direct mode (issue 14).
      Header target = record.headers().lastHeader(EventsTopicProducer.INDEX_HEADER);
      return target == null ? event : event.addressedTo(new String(target.value(), StandardCharsets.UTF_8));
    } catch (MalformedBodyException | LimitExceededException | IllegalArgumentException e) {
      ingest.recordRejected(1);
      log.debug("Skipped record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      return null;
    }
  }
}
