package dev.seqwatch.bench;

import dev.seqwatch.alert.EmbeddedStoreCompaction;
import dev.seqwatch.event.EventIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.mvstore.MVStore;

/**
 * What storing an alert costs the embedded store: CPU per alert (user and kernel, on the thread's
 * clock) and bytes written per alert, for batches shaped as the whole rule set's are (a few dozen
 * alerts, one commit, one sync), on the schema the migrations make. H2 writes every B-tree page a
 * commit changed, whole, so the secondary indexes whose keys are random (rule, host) cost more
 * than the row; {@code dropIndexes} measures the schema without some of them.
 *
 * <p>Arguments: {@code directory batches alertsPerBatch [dropIndexes...]}, the directory a fresh
 * one for the database files (up to the bytes written, 16 KB per alert, stay there until H2 closes), the indexes
 * by name ({@code alert_rule}, {@code alert_host}, ...). The first half of the batches warms up;
 * the second is measured. Run with {@code ./mvnw -q -Pjmh test-compile exec:exec
 * -Djmh.main=dev.seqwatch.bench.AlertWrites -Djmh.args="/tmp/aw 4000 36"}. Not part of the tests.
 *
 * <p>Ids are the store's own ({@link EventIdentity#alertId}: the time, then a digest); with
 * {@code -Dalert-writes.digest-ids=true} they are plain digests, as before 2026-12-04, to compare.
 * The database's settings are those of the service's default URL ({@code application.properties},
 * everything from its first {@code ;}); {@code -Dalert-writes.url-settings=…} replaces them, to
 * compare others ({@code ";DB_CLOSE_ON_EXIT=FALSE"}: H2's own page size).
 *
 * <p>At the end it prints how many chunks the file holds and how full they are (from H2's own
 * store, through its session): with {@code WRITE_DELAY 0} each commit writes a chunk, and none is
 * merged while the database is open (docs/architecture.md, Disk).
 */
public final class AlertWrites {

  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
  private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};
  private static final boolean DIGEST_IDS = Boolean.getBoolean("alert-writes.digest-ids");

  private AlertWrites() {
  }

  public static void main(String[] args) throws SQLException, IOException {
    Path directory = Path.of(args[0]);
    int batches = Integer.parseInt(args[1]);
    int perBatch = Integer.parseInt(args[2]);
    String settings = System.getProperty("alert-writes.url-settings", serviceUrlSettings());
    String url = "jdbc:h2:file:" + directory.resolve("seqwatch").toAbsolutePath() + settings;
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      for (int i = 3; i < args.length; i++) {
        statement.execute("DROP INDEX " + args[i]);
      }
      statement.execute("SET WRITE_DELAY 0"); // as alert.DurableCommits sets it
      connection.setAutoCommit(false);
      PreparedStatement insert = connection.prepareStatement("INSERT INTO alert (id, rule_id, host_id, severity,"
          + " detected_at, first_event_at, last_event_at, revises, body_deflated) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)");
      Random random = new Random(42);
      long cpu = 0;
      long user = 0;
      long written = 0;
      for (int b = 0; b < batches; b++) {
        if (b == batches / 2) {
          cpu = THREAD.getCurrentThreadCpuTime();
          user = THREAD.getCurrentThreadUserTime();
          written = bytesWritten();
        }
        for (int i = 0; i < perBatch; i++) {
          byte[] body = new byte[1_200 + random.nextInt(800)]; // a deflated alert of Defend events
          random.nextBytes(body);
          OffsetDateTime now = OffsetDateTime.now();
          String rule = name("rule", random.nextInt(300));
          String event = Long.toHexString(random.nextLong());
          insert.setString(1, DIGEST_IDS ? EventIdentity.digest(rule, List.of(event))
              : EventIdentity.alertId(rule, List.of(event), now.toInstant().toEpochMilli()));
          insert.setString(2, rule);
          insert.setString(3, name("host", random.nextInt(1_000)));
          insert.setString(4, SEVERITIES[random.nextInt(SEVERITIES.length)]);
          insert.setObject(5, now);
          insert.setObject(6, now);
          insert.setObject(7, now);
          insert.setBytes(8, body);
          insert.executeUpdate();
        }
        connection.commit();
        statement.execute("CHECKPOINT SYNC"); // as DurableCommits.await does for each group
      }
      double alerts = (double) (batches - batches / 2) * perBatch;
      long cpuUsed = THREAD.getCurrentThreadCpuTime() - cpu;
      long userUsed = THREAD.getCurrentThreadUserTime() - user;
      String dropped = args.length > 3 ? String.join(" ", Arrays.copyOfRange(args, 3, args.length)) : "none";
      System.out.printf("%s, dropped %s: %.1f µs per alert (user %.1f, kernel %.1f), %.1f KB written per alert%n",
          settings, dropped,
          cpuUsed / 1e3 / alerts, userUsed / 1e3 / alerts, (cpuUsed - userUsed) / 1e3 / alerts,
          (bytesWritten() - written) / 1024.0 / alerts);
      MVStore store = EmbeddedStoreCompaction.store(connection);
      long chunks = store.getLayoutMap().keySet().stream().filter(key -> key.startsWith("chunk.")).count();
      System.out.printf("after %d commits: %d chunks in the file, their fill rate %d %%, file %d MB%n", batches,
          chunks, store.getFileStore().getChunksFillRate(),
          Files.size(directory.resolve("seqwatch.mv.db")) >> 20);
    }
  }

  /** The settings of the service's default H2 URL, from its first {@code ;}. */
  private static String serviceUrlSettings() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = AlertWrites.class.getResourceAsStream("/application.properties")) {
      properties.load(in);
    }
    String url = properties.getProperty("spring.datasource.url");
    return url.substring(url.indexOf(';'));
  }

  /** A rule's or host's id as Elastic's are: a UUID. */
  private static String name(String kind, int n) {
    return UUID.nameUUIDFromBytes((kind + n).getBytes()).toString();
  }

  /** Bytes this process has written so far ({@code wchar} of {@code /proc/self/io}, Linux only). */
  private static long bytesWritten() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("wchar:")) {
        return Long.parseLong(line.substring("wchar:".length()).trim());
      }
    }
    throw new IOException("/proc/self/io has no wchar line");
  }
}
