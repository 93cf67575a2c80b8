package dev.seqwatch.alert;

import dev.seqwatch.config.SeqwatchProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes alerts detected longer than {@code seqwatch.alerts.retention} ago, once a minute, in
 * transactions of at most {@value #BATCH} rows: a long delete would hold locks and, on H2, build one
 * large chunk, while ingest keeps storing alerts. Deletions are not synced to disk; one a crash
 * brings back is deleted again on the next run. Counted as {@code seqwatch.alerts.expired}.
 */
@Component
public class AlertRetention {

  static final int BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(AlertRetention.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration retention;
  private final Counter expired;

  AlertRetention(JdbcClient jdbc, Clock clock, SeqwatchProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.retention = properties.alerts().retention();
    this.expired = Counter.builder("seqwatch.alerts.expired")
        .description("Alerts deleted because they were older than seqwatch.alerts.retention").register(meters);
  }

  @Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
  void run() {
    try {
      deleteExpired();
    } catch (DataAccessException e) {
      log.warn("Deleting expired alerts failed; trying again in a minute: {}", e.toString());
    }
  }

  /** Deletes every alert detected before now minus the retention; returns how many. */
  public long deleteExpired() {
    if (retention.isZero() || retention.isNegative()) {
      return 0;
    }
    var cutoff = clock.instant().minus(retention).atOffset(ZoneOffset.UTC);
    long deleted = 0;
    int batch;
    do {
      batch = jdbc.sql("""
              DELETE FROM alert WHERE id IN (
                SELECT id FROM alert WHERE detected_at < :cutoff ORDER BY detected_at LIMIT :batch)""")
          .param("cutoff", cutoff).param("batch", BATCH).update();
      expired.increment(batch);
      deleted += batch;
    } while (batch == BATCH);
    if (deleted > 0) {
      log.info("Deleted {} alerts detected before {}", deleted, cutoff);
    }
    return deleted;
  }
}
