package dev.seqwatch.alert;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Alerts the engine reported while the store failed. The engine has seen their events and, asked
 * again, may not report the chains a second time (docs/semantics.md §10.2), so they are kept here
 * and stored before any later batch is run; the batch that produced them was answered 503 (or, from
 * Kafka, not committed), so no response ever reported them. Deterministic ids make storing one
 * that the retried batch also completes a no-op. Kept in memory: a crash before the store is back
 * loses them, but they were never acknowledged, and the sender's retry rebuilds them.
 */
@Component
public class PendingAlerts {

  private final AlertStore store;
  private final AlertStoreHealth health;
  private final AlertsTopicPublisher publisher;
  private final Map<String, Alert> pending = new LinkedHashMap<>();
  /** Whether {@link #pending} may be non-empty: the usual batch checks it without the lock. */
  private volatile boolean any;

  PendingAlerts(AlertStore store, AlertStoreHealth health, ObjectProvider<AlertsTopicPublisher> publisher,
      MeterRegistry meters) {
    this.store = store;
    this.health = health;
    this.publisher = publisher.getIfAvailable();
    Gauge.builder("seqwatch.alerts.pending", this, PendingAlerts::size)
        .description("Alerts kept in memory until the alert store is back").register(meters);
  }

  private synchronized int size() {
    return pending.size();
  }

  /**
   * Called before a batch touches the engine: refuses it while the store is down, and stores the
   * kept alerts first when it is back; returns how many of those were new.
   *
   * @throws AlertStoreUnavailableException when alerts cannot be stored
   */
  public int storeBeforeBatch() {
    if (!health.available()) {
      throw new AlertStoreUnavailableException("the alert store is unavailable", null);
    }
    return any ? storePending() : 0;
  }

  private synchronized int storePending() {
    int created = 0;
    try {
      for (var kept = pending.values().iterator(); kept.hasNext(); ) {
        Alert alert = kept.next();
        if (publisher != null && store.find(alert.id()).isEmpty()) {
          publisher.publish(alert); // as the ingest does: before storing, so never not at all
        }
        if (store.insertIfAbsent(alert)) {
          created++;
        }
        kept.remove();
      }
      any = false;
      if (created > 0) {
        store.awaitDurable();
      }
    } catch (DataAccessException e) {
      throw unavailable(List.of(), e);
    }
    return created;
  }

  /** Keeps {@code unstored} for later, marks the store down and returns the exception to throw. */
  public synchronized AlertStoreUnavailableException unavailable(List<Alert> unstored, DataAccessException cause) {
    health.failed(cause);
    unstored.forEach(alert -> pending.putIfAbsent(alert.id(), alert));
    any = !pending.isEmpty();
    return new AlertStoreUnavailableException("the alert store failed: " + cause.getClass().getSimpleName(), cause);
  }
}
