package dev.seqwatch.kafka;

import dev.seqwatch.config.AcknowledgedProducers;
import dev.seqwatch.event.Event;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.CandidateKeys;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.sequence.Partitioning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The work on the events topic: the host-local rules run on the host's partition, and every event
 * that is a candidate of another rule ({@link CandidateKeys}) is handed on to the repartition
 * topics, once per partition its join keys hash to (an event that is a candidate under several keys
 * of the same partition travels once), keyed by the first of those keys, with the record's {@code
 * seqwatch.index} header. Only candidates travel; with no such rule loaded, nothing does.
 */
final class Repartitioner implements Workload {

  /** The header that carries a document's index through Kafka; copied so the rules' index patterns still apply. */
  static final String INDEX_HEADER = "seqwatch.index";

  private final KafkaTemplate<String, byte[]> template;
  private final RepartitionTopics topics;
  private final List<CompletableFuture<?>> sent = new ArrayList<>();
  private ActiveRules.Snapshot keysFor;
  private CandidateKeys keys;
  private final AtomicLong handedOn = new AtomicLong();

  Repartitioner(KafkaTemplate<String, byte[]> template, RepartitionTopics topics) {
    this.template = template;
    this.topics = topics;
  }

  @Override
  public RuleSet select(RuleSet all) {
    return Partitioning.hostLocal(all);
  }

  @Override
  public Predicate<String> owner(TopicPartition partition, int partitionsOfTopic) {
    return null; // the host-local rules keep every key of their host's partition
  }

  @Override
  public IngestService.Outcome detect(IngestService ingest, DetectionEngine engine, List<Event> events) {
    return ingest.detect(engine, events);
  }

  @Override
  public void handOn(ConsumerRecord<String, byte[]> record, Event event, ActiveRules.Snapshot rules) {
    if (keysFor != rules) {
      keys = new CandidateKeys(rules.rules());
      keysFor = rules;
    }
    if (keys.isEmpty()) {
      return;
    }
    Set<String> candidateKeys = keys.of(event);
    if (candidateKeys.isEmpty()) {
      return;
    }
    Header index = record.headers().lastHeader(INDEX_HEADER);
    Map<Integer, String> byPartition = new LinkedHashMap<>(2);
    int partitions = -1;
    for (String key : candidateKeys) {
      if (key.isEmpty()) {
        send(topics.single(), 0, key, record.value(), index);
      } else {
        if (partitions < 0) {
          partitions = template.partitionsFor(topics.keyed()).size();
        }
        byPartition.putIfAbsent(RepartitionTopics.partition(key, partitions), key);
      }
    }
    byPartition.forEach((partition, key) -> send(topics.keyed(), partition, key, record.value(), index));
  }

  private void send(String topic, int partition, String key, byte[] value, Header index) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
    if (index != null) {
      record.headers().add(index);
    }
    sent.add(template.send(record));
    handedOn.incrementAndGet();
  }

  @Override
  public void flush() {
    if (sent.isEmpty()) {
      return;
    }
    template.flush();
    List<CompletableFuture<?>> waiting = List.copyOf(sent);
    sent.clear();
    AcknowledgedProducers.awaitAll(waiting, (problem, cause) ->
        new IllegalStateException("repartition topics " + topics + ": " + problem, cause));
  }

  /** Records handed on to the repartition topics since start; read by the metrics on another thread. */
  long handedOn() {
    return handedOn.get();
  }
}
