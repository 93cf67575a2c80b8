package dev.seqwatch.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes committed alerts durable: when {@link #await()} returns, every transaction that committed
 * before it was called is on disk, so a response or a Kafka offset commit that follows never
 * reports an alert that a crash (of the process or of the machine) could lose.
 *
 * <p><b>H2</b> writes a commit into the file only when its background writer runs, every
 * {@code WRITE_DELAY} ms (500 by default), and never forces it to the disk: an alert acknowledged
 * in between was lost to a {@code kill -9} (issue 14). At start this class sets {@code WRITE_DELAY}
 * to 0, whatever the URL says: each commit then writes its chunk before it returns (H2's
 * {@code TransactionStore.endTransaction}), synchronously, because without the background writer
 * H2 has no write executors ({@code FileStore.setAutoCommitDelay}); with them, a commit that finds
 * its changes taken by a background store returns before they are written, and no fsync could be
 * sure to cover them. For each group it runs {@code CHECKPOINT SYNC} (H2's {@code Database.sync}:
 * store, then {@code FileChannel.force}). The price: H2 compacts its file only in the background
 * writer, so now only when it closes (docs/architecture.md, Disk).
 *
 * <p><b>Group commit</b>: callers that arrive while a sync runs wait for the next one, which covers
 * them all; so concurrent requests share fsyncs instead of queueing one each, and a request costs
 * at most one fsync however many alerts it stored.
 *
 * <p><b>PostgreSQL</b> flushes its write-ahead log at every commit with {@code synchronous_commit}
 * on, which {@link PostgresDurability} sets on every connection; nothing more is needed here.
 */
@Component
public class DurableCommits {

  /** Bounds of the syncs' histogram, around the 50 ms that a batch's p99 is held to (issue 15). */
  static final Duration[] SYNC_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofSeconds(1)};

  private final JdbcClient jdbc;
  private final AlertDatabase database;
  private final boolean syncNeeded;
  private final Timer syncs;
  private long requested;
  private long completed;
  private boolean syncing;

  DurableCommits(JdbcClient jdbc, DataSource dataSource, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.database = AlertDatabase.of(dataSource);
    // Unknown at start (the store may be down): syncing costs an fsync, never an alert.
    this.syncNeeded = database == AlertDatabase.H2 || database == AlertDatabase.UNKNOWN;
    // Buckets, not just a mean and a maximum: a request that stored alerts waits for a sync before
    // its response, so how many syncs take longer than a batch's latency budget is what to watch.
    this.syncs = Timer.builder("seqwatch.alerts.syncs")
        .description("Syncs of the embedded store to disk, each covering every request waiting for one")
        .serviceLevelObjectives(SYNC_BUCKETS).register(meters);
    FunctionCounter.builder("seqwatch.alerts.sync.requests", this, DurableCommits::requests)
        .description("Requests that waited for their alerts to reach the disk").register(meters);
    if (syncNeeded) {
      jdbc.sql("SET WRITE_DELAY 0").update();
    }
  }

  /** The database as told at start, which the store's inserts also depend on. */
  AlertDatabase database() {
    return database;
  }

  /** Returns once every commit made before this call is on disk; throws if that cannot be done. */
  public void await() {
    if (!syncNeeded) {
      return;
    }
    long covers;
    synchronized (this) {
      long ticket = ++requested;
      while (true) {
        if (completed >= ticket) {
          return; // a sync that started after our commit has finished
        }
        if (!syncing) {
          break;
        }
        waitForSync();
      }
      syncing = true;
      covers = requested; // every ticket so far committed before taking it
    }
    boolean done = false;
    try {
      syncs.record(() -> jdbc.sql("CHECKPOINT SYNC").update());
      done = true;
    } finally {
      synchronized (this) {
        syncing = false;
        if (done) {
          completed = Math.max(completed, covers);
        }
        notifyAll(); // on failure a waiter becomes the next leader and tries itself
      }
    }
  }

  private synchronized double requests() {
    return requested;
  }

  private void waitForSync() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for alerts to reach the disk", e);
    }
  }
}
