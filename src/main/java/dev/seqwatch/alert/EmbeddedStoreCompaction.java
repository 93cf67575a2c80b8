package dev.seqwatch.alert;

import dev.seqwatch.config.SeqwatchProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Rewrites the embedded store's sparse chunks while it runs, as H2's own background writer would.
 *
 * <p>Why: {@link DurableCommits} turns that writer off ({@code WRITE_DELAY 0}), so that each
 * commit is written before it returns. But the writer is also what compacts H2's file, and without
 * it every commit's chunk stayed for as long as the store was open, since each holds rows that live
 * until the retention deletes them: after 8,000 commits of 13 alerts, 8,006 chunks a quarter full
 * (docs/architecture.md, Disk). The file took about four times the disk its data needs, and the
 * chunks counted against H2's limit of 67,108,863 chunk ids, which a store committing ten times a
 * second would reach within the default retention.
 *
 * <p>How: every {@code seqwatch.alerts.compaction} (10 s by default; 0 turns it off) it asks H2 to
 * rewrite the live pages of its emptiest chunks until their fill rate reaches {@value #FILL_RATE} %,
 * at most {@value #WRITE_LIMIT} bytes a run ({@code MVStore.compact}, under H2's store lock, as its
 * background writer does), then syncs ({@code CHECKPOINT SYNC}, as {@link DurableCommits} does), so
 * that the pages it moved are on disk before H2 may reuse the space of the chunks they left. H2
 * rewrites only chunks older than its retention time (45 s). Acknowledged alerts are never at
 * stake: they were on disk in the chunks read from, and H2 frees a chunk only once nothing in the
 * stored state points into it. On PostgreSQL it does nothing (autovacuum does this there).
 */
@Component
public class EmbeddedStoreCompaction {

  /** The fill rate, in per cent of the chunks' space, that a run works towards. */
  static final int FILL_RATE = 60;
  /** The most a run rewrites, so that a run holds H2's store lock, and commits, only briefly. */
  static final int WRITE_LIMIT = 16 << 20;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);

  private final DataSource dataSource;
  private final boolean embedded;
  /** Runs that rewrote chunks; null when the store is not embedded. */
  private final Counter rewrites;

  @Autowired
  EmbeddedStoreCompaction(DataSource dataSource, DurableCommits durable, SeqwatchProperties properties,
      TaskScheduler scheduler, MeterRegistry meters) {
    this(dataSource, durable, meters);
    Duration every = properties.alerts().compaction();
    if (embedded && !every.isZero() && !every.isNegative()) {
      scheduler.scheduleWithFixedDelay(this::run, Instant.now().plus(every), every);
    }
  }

  /** Runs only when called ({@link #compact}); the tests' form. {@code durable} tells the database. */
  EmbeddedStoreCompaction(DataSource dataSource, DurableCommits durable, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.embedded = durable.database() == AlertDatabase.H2;
    if (embedded) {
      Gauge.builder("seqwatch.alerts.store.fill", this, EmbeddedStoreCompaction::fillRatio)
          .description("How full the embedded store's chunks are, 0 to 1: the rest is space that compaction reclaims")
          .register(meters);
      // Counted so that an operator, and the crash test, can see compaction at work, not only its result.
      this.rewrites = Counter.builder("seqwatch.alerts.store.compactions")
          .description("Runs of the embedded store's compaction that rewrote chunks").register(meters);
    } else {
      this.rewrites = null;
    }
  }

  private void run() {
    try {
      compact();
    } catch (SQLException | RuntimeException e) {
      log.warn("Compacting the alert store failed; trying again later: {}", e.toString());
    }
  }

  /** One run: returns whether H2 rewrote any chunk. */
  boolean compact() throws SQLException {
    if (!embedded) {
      return false;
    }
    try (Connection connection = dataSource.getConnection()) {
      MVStore store = store(connection);
      // An in-memory database (some tests' URL) has no file to compact.
      boolean rewrote = store.getFileStore() != null && store.compact(FILL_RATE, WRITE_LIMIT);
      if (rewrote) {
        rewrites.increment();
        // As DurableCommits syncs, but not counted among the requests that waited for a sync.
        try (Statement statement = connection.createStatement()) {
          statement.execute("CHECKPOINT SYNC");
        }
      }
      return rewrote;
    }
  }

  private double fillRatio() {
    try (Connection connection = dataSource.getConnection()) {
      MVStore store = store(connection);
      return store.getFileStore() == null ? Double.NaN : store.getFileStore().getChunksFillRate() / 100.0;
    } catch (SQLException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** H2's store behind a connection of the embedded database; also what the benchmarks read its chunks from. */
  public static MVStore store(Connection connection) throws SQLException {
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    return session.getDatabase().getStore().getMvStore();
  }
}
