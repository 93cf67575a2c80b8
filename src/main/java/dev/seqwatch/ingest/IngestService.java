package dev.seqwatch.ingest;

import dev.seqwatch.alert.Alert;
import dev.seqwatch.alert.AlertFactory;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.alert.AlertsTopicPublisher;
import dev.seqwatch.alert.PendingAlerts;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.event.Batch;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.Detection;
import dev.seqwatch.sequence.DetectionEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Runs one batch through the engine and stores what it completes. The body is read whole before
 * the engine sees anything, so a body that fails to read changes no state. Alerts are committed
 * before this method returns, so the response never reports an alert that a crash could lose.
 */
@Service
public class IngestService {

  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final ActiveRules active;
  private final AlertFactory alerts;
  private final AlertStore store;
  private final int maxEventsPerBatch;
  private final Counter overLimitCounter;
  private final Counter accepted;
  private final Counter queued;
  private final Counter rejected;
  private final Counter created;
  private final Counter duplicates;
  private final EventsTopicProducer forward;
  private final AlertsTopicPublisher publisher;
  private final PendingAlerts pending;
  private final StageCpu cpu;

  IngestService(ActiveRules active, AlertFactory alerts, AlertStore store,
      SeqwatchProperties properties, MeterRegistry meters, ObjectProvider<EventsTopicProducer> forward,
      ObjectProvider<AlertsTopicPublisher> publisher, PendingAlerts pending, StageCpu cpu) {
    this.pending = pending;
    this.forward = forward.getIfAvailable();
    this.publisher = publisher.getIfAvailable();
    this.active = active;
    this.alerts = alerts;
    this.store = store;
    this.cpu = cpu;
    this.maxEventsPerBatch = properties.ingest().maxEventsPerBatch();
    this.overLimitCounter = Counter.builder("seqwatch.alerts.over.limit")
        .description("Alerts not created because their rule reached max_signals in one request")
        .register(meters);
    this.accepted = Counter.builder("seqwatch.ingest.events").tag("result", "accepted")
        .description("Events accepted for evaluation").register(meters);
    this.queued = Counter.builder("seqwatch.ingest.events").tag("result", "queued")
        .description("Events accepted and produced to the events topic, for the owner of their host to evaluate")
        .register(meters);
    this.rejected = Counter.builder("seqwatch.ingest.events").tag("result", "rejected")
        .description("Events rejected one by one").register(meters);
    this.created = Counter.builder("seqwatch.alerts").tag("result", "created")
        .description("Alerts stored for the first time").register(meters);
    this.duplicates = Counter.builder("seqwatch.alerts").tag("result", "duplicate")
        .description("Alerts reported again that were already stored").register(meters);
    // Chains with missing events confirmed when their key's state expires belong to no request:
    // store and publish them like any other (docs/semantics.md §11). Partition engines are siblings
    // of this one and share the listener; a reloaded engine carries it too.
    active.current().engine().onExpiry(this::storeExpired);
  }

  /**
   * Reads the first {@code length} bytes of {@code body} and runs their events, or, in Kafka mode,
   * produces them to the events topic (acknowledged by the brokers before this returns) and reports
   * them as queued. Nothing refers to {@code body} once this returns: the engine and the producer
   * copy the bytes of what they keep, so the caller may reuse the array.
   */
  public IngestResponse ingest(byte[] body, int length, BodyFormat format) {
    ActiveRules.Snapshot rules = active.current();
    long reading = cpu.start();
    Batch batch = rules.reader().read(body, 0, length, format, maxEventsPerBatch);
    cpu.since(StageCpu.Stage.READ, reading);
    rejected.increment(batch.rejections().size());
    List<IngestResponse.Rejected> rejected = batch.rejections().stream()
        .map(r -> new IngestResponse.Rejected(r.index(), r.reason())).toList();
    Outcome outcome = detect(rules, batch.events());
    if (forward == null) {
      rules.reader().recycle(batch.events()); // what outlives the batch, the engine detached
    }
    return new IngestResponse(batch.events().size(), rejected, outcome.alerts(), outcome.overLimit(),
        forward != null);
  }

  /** The alerts one batch produced, each once, and how many a rule's max_signals held back. */
  public record Outcome(List<Alert> alerts, int overLimit) {
  }

  /**
   * Runs events that were already read, by the reader of {@code rules}, through its engine and
   * stores the alerts they complete, at most each rule's {@code max_signals} new ones
   * (docs/semantics.md §10.6); in Kafka mode, produces them to the events topic instead, with no
   * alerts to report.
   */
  public Outcome detect(ActiveRules.Snapshot rules, List<Event> events) {
    if (forward != null) {
      forward.send(events);
      queued.increment(events.size());
      return new Outcome(List.of(), 0);
    }
    return detect(rules.engine(), events);
  }

  /**
   * As {@link #detect(ActiveRules.Snapshot, List)}, on a given engine and never forwarded: the
   * Kafka consumer keeps one engine per assigned partition, so that a partition's state can be
   * rebuilt and dropped on its own.
   */
  public Outcome detect(DetectionEngine engine, List<Event> events) {
    // Issue 14: while alerts cannot be stored, no event reaches the engine (503, or no offset commit).
    created.increment(pending.storeBeforeBatch());
    accepted.increment(events.size());
    return detectRepartitioned(engine, events);
  }

  /**
   * As {@link #detect(DetectionEngine, List)}, for events already counted as accepted where they
   * entered: the candidates the repartition topics carry to the engines of their join keys
   * (docs/scaling.md), so that a deployment's sums count an event once.
   */
  public Outcome detectRepartitioned(DetectionEngine engine, List<Event> events) {
    long matching = cpu.start();
    List<Detection> detections = engine.process(events);
    long storing = cpu.since(StageCpu.Stage.MATCH, matching);
    try {
      return store(detections);
    } catch (DataAccessException storeFailed) {
      throw keepUnstored(detections, storeFailed);
    } finally {
      cpu.since(StageCpu.Stage.STORE, storing);
    }
  }

  /**
   * Chains confirmed when their key's state expires (docs/semantics.md §11), outside any request:
   * stored and published like any other; while the store is down they wait with the other
   * unstored alerts and are stored when it is back.
   */
  private void storeExpired(List<Detection> detections) {
    try {
      store(detections);
    } catch (DataAccessException storeFailed) {
      log.warn("Alerts confirmed on expiry wait for the alert store: {}", keepUnstored(detections, storeFailed)
          .getMessage());
    }
  }

  /**
   * The engine has seen these events and may not report their chains again: keep them all (those
   * already stored are no-ops when stored again) for when the store is back.
   */
  private RuntimeException keepUnstored(List<Detection> detections, DataAccessException storeFailed) {
    Map<String, Alert> unstored = new LinkedHashMap<>();
    detections.forEach(detection -> unstored.computeIfAbsent(detection.id(), id -> alerts.create(detection)));
    return pending.unavailable(List.copyOf(unstored.values()), storeFailed);
  }

  /**
   * Stores and publishes detections, at most each rule's {@code max_signals} new ones per call,
   * and returns the alerts. The batch's alerts commit together, once, and are on disk before this
   * returns.
   */
  private Outcome store(List<Detection> detections) {
    if (detections.isEmpty()) {
      return new Outcome(List.of(), 0);
    }
    Outcome outcome = store.inOneCommit(() -> storeEach(detections));
    if (!outcome.alerts().isEmpty()) {
      store.awaitDurable(); // issue 14: what the response or offset commit reports is on disk first
    }
    // Counted once committed: a batch whose commit fails is stored again later, and counted then.
    long fresh = outcome.alerts().stream().filter(Alert::isNew).count();
    created.increment(fresh);
    duplicates.increment(outcome.alerts().size() - fresh);
    if (outcome.overLimit() > 0) {
      overLimitCounter.increment(outcome.overLimit());
      log.warn("{} alerts were not created: rules reached their max_signals for one request", outcome.overLimit());
    }
    return outcome;
  }

  private Outcome storeEach(List<Detection> detections) {
    List<Alert> reported = new ArrayList<>();
    // By id: a rule record's own hashCode walks its whole query tree, at every lookup.
    Map<String, Integer> createdPerRule = new HashMap<>();
    Set<String> seen = new HashSet<>();
    // Asked once for the batch; an alert stored by a concurrent request after this query is still
    // told apart by its insert (AlertStore.insertIfAbsent).
    Set<String> stored = store.storedAmong(detections.stream().map(Detection::id).collect(Collectors.toSet()));
    int overLimit = 0;
    for (Detection detection : detections) {
      if (!seen.add(detection.id())) {
        continue;
      }
      CompiledRule rule = detection.rule();
      if (createdPerRule.getOrDefault(rule.id(), 0) >= rule.definition().maxSignals()) {
        Optional<Alert> existing = stored.contains(detection.id()) ? store.find(detection.id()) : Optional.empty();
        if (existing.isPresent()) {
          reported.add(existing.get().withNewFlag(false));
        } else {
          overLimit++;
        }
        continue;
      }
      Alert alert = alerts.create(detection);
      boolean storedBefore = stored.contains(alert.id());
      if (publisher != null && !storedBefore) {
        publisher.publish(alert); // before storing: a failure to store then publishes again, never not at all
      }
      boolean isNew = !storedBefore && store.insertIfAbsent(alert);
      if (isNew) {
        createdPerRule.merge(rule.id(), 1, Integer::sum);
      }
      reported.add(alert.withNewFlag(isNew));
    }
    return new Outcome(reported, overLimit);
  }

  /** Counts events refused one by one outside {@link #ingest}, such as bulk items. */
  public void recordRejected(int count) {
    rejected.increment(count);
  }

  /** The largest number of events one request may carry. */
  public int maxEventsPerBatch() {
    return maxEventsPerBatch;
  }
}
