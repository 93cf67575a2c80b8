package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded store's chunks, one per commit with {@code WRITE_DELAY 0}, are rewritten into fewer,
 * fuller ones while the store is open, and every alert reads back the same, also after a reopen.
 */
class EmbeddedStoreCompactionTest {

  private static final int COMMITS = 300;
  private static final int PER_COMMIT = 4;

  @TempDir
  Path directory;

  @Test
  void compactionMergesTheChunksOfManyCommitsAndKeepsEveryAlert() throws SQLException {
    JdbcDataSource dataSource = dataSource();
    // Held open for the whole test: H2 closes a file database with its last connection, and a
    // reopened one has lost the WRITE_DELAY that DurableCommits sets, as the service's pool never does.
    Connection holder = dataSource.getConnection();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    DurableCommits durable = new DurableCommits(JdbcClient.create(dataSource), dataSource, new SimpleMeterRegistry());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(dataSource, durable, meters);
    long written;
    int chunksBefore;
    try (Connection connection = dataSource.getConnection()) {
      // H2 rewrites only chunks older than its retention time, 45 s by default; none here.
      EmbeddedStoreCompaction.store(connection).setRetentionTime(0);
      written = insertInCommits(connection);
      chunksBefore = chunks(EmbeddedStoreCompaction.store(connection));
    }
    assertThat(chunksBefore).as("one chunk per commit").isGreaterThanOrEqualTo(COMMITS);

    int runs = 0;
    while (runs < 50 && compaction.compact()) {
      runs++;
    }

    try (Connection connection = dataSource.getConnection()) {
      MVStore store = EmbeddedStoreCompaction.store(connection);
      assertThat(runs).isPositive();
      assertThat(meters.get("seqwatch.alerts.store.compactions").counter().count()).as("runs that rewrote")
          .isEqualTo(runs);
      assertThat(chunks(store)).isLessThan(chunksBefore / 4);
      assertThat(store.getFileStore().getChunksFillRate()).isGreaterThanOrEqualTo(EmbeddedStoreCompaction.FILL_RATE);
      assertThat(checksum(connection)).isEqualTo(written);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
    }
    holder.close();
    try (Connection reopened = dataSource().getConnection()) {
      assertThat(checksum(reopened)).as("after a reopen").isEqualTo(written);
    }
  }

  @Test
  void aStoreWithoutAFileHasNothingToCompact() throws SQLException {
    JdbcDataSource memory = new JdbcDataSource();
    memory.setURL("jdbc:h2:mem:compaction;DB_CLOSE_DELAY=-1");
    DurableCommits durable = new DurableCommits(JdbcClient.create(memory), memory, new SimpleMeterRegistry());

    assertThat(new EmbeddedStoreCompaction(memory, durable, new SimpleMeterRegistry()).compact()).isFalse();
  }

  private JdbcDataSource dataSource() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + directory.resolve("seqwatch").toAbsolutePath() + ";PAGE_SIZE=4096");
    return dataSource;
  }

  /** Inserts the alerts, {@value #PER_COMMIT} per commit; returns their {@link #checksum}. */
  private static long insertInCommits(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    Random random = new Random(7);
    long sum = 0;
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert (id, rule_id, host_id, severity,"
        + " detected_at, first_event_at, last_event_at, body_deflated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int commit = 0; commit < COMMITS; commit++) {
        for (int i = 0; i < PER_COMMIT; i++) {
          byte[] body = new byte[1_000 + random.nextInt(1_000)];
          random.nextBytes(body);
          OffsetDateTime at = OffsetDateTime.now();
          insert.setString(1, commit + "-" + i);
          insert.setString(2, "rule-" + random.nextInt(20));
          insert.setString(3, "host-" + random.nextInt(200));
          insert.setString(4, "high");
          insert.setObject(5, at);
          insert.setObject(6, at);
          insert.setObject(7, at);
          insert.setBytes(8, body);
          insert.executeUpdate();
          sum += Arrays.hashCode(body);
        }
        connection.commit();
      }
    }
    connection.setAutoCommit(true);
    return sum;
  }

  /** The sum of the stored bodies' hashes: equal when every alert reads back as written. */
  private static long checksum(Connection connection) throws SQLException {
    long sum = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT body_deflated FROM alert")) {
      int count = 0;
      while (rows.next()) {
        sum += Arrays.hashCode(rows.getBytes(1));
        count++;
      }
      assertThat(count).isEqualTo(COMMITS * PER_COMMIT);
    }
    return sum;
  }

  private static int chunks(MVStore store) {
    return (int) store.getLayoutMap().keySet().stream().filter(key -> key.startsWith("chunk.")).count();
  }
}
