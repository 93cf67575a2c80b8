package dev.seqwatch.alert;

import dev.seqwatch.config.SeqwatchProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether alerts can be stored: UP until a store operation fails, DOWN from then until a probe (a
 * read of the alert table) succeeds again. Readiness includes it, so a load balancer stops sending
 * while it is DOWN, and {@code /_cluster/health} reports it as {@code red}.
 *
 * <p>While DOWN, {@link #available()} probes at most once per {@code seqwatch.ingest.retry-after},
 * so refused shippers retrying do not hammer a store that is coming back.
 */
@Component("alerts")
public class AlertStoreHealth implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(AlertStoreHealth.class);

  private final JdbcClient jdbc;
  private final long probeIntervalNanos;
  private volatile String failure;
  private volatile long nextProbeNanos;

  AlertStoreHealth(JdbcClient jdbc, SeqwatchProperties properties) {
    this.jdbc = jdbc;
    this.probeIntervalNanos = properties.ingest().retryAfter().toNanos();
  }

  /** Whether alerts can be stored, as far as is known; probes again when DOWN and a probe is due. */
  public boolean available() {
    if (failure != null && System.nanoTime() - nextProbeNanos >= 0) {
      probe();
    }
    return failure == null;
  }

  /** Records that a store operation failed: DOWN until a probe succeeds. */
  public void failed(RuntimeException cause) {
    nextProbeNanos = System.nanoTime() + probeIntervalNanos;
    if (failure == null) {
      log.warn("The alert store is unavailable; events are refused with 503 until it is back: {}", cause.toString());
    }
    failure = cause.getClass().getSimpleName();
  }

  private void probe() {
    try {
      jdbc.sql("SELECT COUNT(*) FROM alert WHERE id = ''").query(Long.class).single();
      if (failure != null) {
        log.info("The alert store is available again");
      }
      failure = null;
    } catch (DataAccessException e) {
      failed(e);
    }
  }

  @Override
  public Health health() {
    probe();
    String down = failure;
    return down == null ? Health.up().build() : Health.down().withDetail("error", down).build();
  }
}
