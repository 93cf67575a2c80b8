package dev.seqwatch.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts in the relational store (H2 by default, PostgreSQL by configuration; schema by Flyway).
 * An alert is stored once per id: storing it again reports that it already existed. An insert
 * commits on its own, or with the others of {@link #inOneCommit}; {@link #awaitDurable()} then
 * waits until those commits are on disk, which the ingest calls before a response or an offset
 * commit reports them (docs/architecture.md, Durability).
 */
@Repository
public class AlertStore {

  private static final String COLUMNS = "id, rule_id, host_id, severity, building_block, detected_at, first_event_at,"
      + " last_event_at, revises, body_deflated";
  private static final String PARAMETERS = ":id, :ruleId, :hostId, :severity, :buildingBlock, :detectedAt,"
      + " :firstEventAt, :lastEventAt, :revises, :body";
  /** Fails on an id already stored: the primary key says so, without a query of its own first. */
  private static final String INSERT = "INSERT INTO alert (" + COLUMNS + ") VALUES (" + PARAMETERS + ")";
  private static final String INSERT_OR_NOTHING_POSTGRESQL = INSERT + " ON CONFLICT (id) DO NOTHING";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final DurableCommits durable;
  private final TransactionTemplate oneCommit;
  private final TransactionTemplate savepoint;
  private final AlertDatabase database;

  AlertStore(JdbcClient jdbc, JsonMapper json, DurableCommits durable, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.json = json;
    this.durable = durable;
    this.oneCommit = new TransactionTemplate(transactions);
    this.savepoint = new TransactionTemplate(transactions);
    savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.database = durable.database();
  }

  /**
   * Runs {@code work} in one transaction, so that the alerts it inserts commit together. With the
   * durable settings a commit is expensive: on H2 it writes a chunk of the file (serializing the
   * changed pages of the B-trees), on PostgreSQL it flushes the write-ahead log. A batch of events
   * that completes dozens of chains, as a full rule set's does, paid that once per alert. If
   * {@code work} throws, nothing it inserted is stored.
   */
  public <T> T inOneCommit(Supplier<T> work) {
    return oneCommit.execute(status -> work.get());
  }

  /**
   * Returns once every alert this store committed before the call, by any thread, is on disk: one
   * fsync shared by the requests that wait together ({@link DurableCommits}).
   */
  public void awaitDurable() {
    durable.await();
  }

  /**
   * Stores {@code alert} unless its id is already stored; returns whether it was new. The id may be
   * stored already (a redelivered chain), or be stored by a concurrent request first, inside
   * {@link #inOneCommit}: this insert then waits for that one to commit and finds the id taken, and
   * the rest of its transaction must go on. PostgreSQL says so without an error ({@code ON
   * CONFLICT DO NOTHING}); on H2 the primary key fails the statement, and H2 rolls back that
   * statement only. Any other database, or one not known at start, gets a savepoint around the
   * insert, which is right everywhere but costs Spring's nested-transaction machinery on every
   * alert: a fifth of the store's CPU in a profile of the whole rule set.
   */
  public boolean insertIfAbsent(Alert alert) {
    Alert stored = alert.asStored();
    return switch (database) {
      case POSTGRESQL -> insert(stored, INSERT_OR_NOTHING_POSTGRESQL);
      case H2 -> insertUnlessRaced(stored);
      case OTHER, UNKNOWN -> Boolean.TRUE.equals(savepoint.execute(status -> {
        boolean isNew = insertUnlessRaced(stored);
        if (!isNew) {
          status.setRollbackOnly();
        }
        return isNew;
      }));
    };
  }

  private boolean insertUnlessRaced(Alert stored) {
    try {
      return insert(stored, INSERT);
    } catch (DuplicateKeyException raced) {
      return false;
    }
  }

  private boolean insert(Alert stored, String sql) {
    int rows = jdbc.sql(sql)
        .param("id", stored.id())
        .param("ruleId", stored.rule().id())
        .param("hostId", hostId(stored))
        .param("severity", stored.rule().severity())
        .param("buildingBlock", stored.rule().buildingBlock())
        .param("detectedAt", utc(stored.detectedAt()))
        .param("firstEventAt", utc(stored.firstEventAt()))
        .param("lastEventAt", utc(stored.lastEventAt()))
        .param("revises", stored.revises())
        .param("body", Deflated.of(json.writeValueAsBytes(stored)))
        .update();
    return rows == 1;
  }

  /**
   * Which of {@code ids} are stored already, in one query. A batch asks once before its inserts, so
   * that alerts delivered again (a shipper retrying a batch it sent) are told apart without an
   * insert each. On H2 such an insert failed on the primary key, and the error cost more than the
   * insert: H2 formats its message, Spring translates it, and the JVM fills a stack trace.
   *
   * <p>The ids go as one array parameter ({@code = ANY(?)}, which H2 and PostgreSQL both look up in
   * the primary key), so the statement's text is the same for any number of ids: with {@code IN}
   * and a parameter per id, each new count was a new statement for H2 to parse and plan, a third
   * of this query's time with a rule set's varying number of alerts per batch.
   */
  public Set<String> storedAmong(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(jdbc.sql("SELECT id FROM alert WHERE id = ANY(?)").param(ids.toArray(String[]::new))
        .query(String.class).list());
  }

  public Optional<Alert> find(String id) {
    return jdbc.sql("SELECT body, body_deflated FROM alert WHERE id = :id").param("id", id)
        .query(this::read).optional();
  }

  /**
   * Alerts newest first (by detection time, then id), filtered, after the position of
   * {@code after} when given, at most {@code limit}.
   */
  public List<Alert> list(AlertQuery query, AlertCursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT body, body_deflated FROM alert").append(where(query));
    if (after != null) {
      sql.append(" AND (detected_at < :afterAt OR (detected_at = :afterAt AND id < :afterId))");
    }
    sql.append(" ORDER BY detected_at DESC, id DESC LIMIT :limit");
    JdbcClient.StatementSpec statement = bind(jdbc.sql(sql.toString()).param("limit", limit), query);
    if (after != null) {
      statement = statement.param("afterAt", utc(after.detectedAt())).param("afterId", after.id());
    }
    return statement.query(this::read).list();
  }

  /** A value of a counted column (null: alerts without one) and how many alerts have it. */
  public record Count(String value, long count) {
  }

  /** How many alerts match {@code query}, per value of {@code column}, most first. */
  public List<Count> countBy(AlertQuery query, CountColumn column) {
    String sql = "SELECT " + column.column + " AS k, COUNT(*) AS n FROM alert" + where(query)
        + " GROUP BY " + column.column + " ORDER BY n DESC, k";
    return bind(jdbc.sql(sql), query).query((row, i) -> new Count(row.getString("k"), row.getLong("n"))).list();
  }

  /** The columns alerts can be counted by; a fixed set, so no caller text reaches the SQL. */
  public enum CountColumn {
    RULE("rule_id"), HOST("host_id");

    private final String column;

    CountColumn(String column) {
      this.column = column;
    }
  }

  private static String where(AlertQuery query) {
    StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    if (query.hostId() != null) {
      sql.append(" AND host_id = :hostId");
    }
    if (query.ruleId() != null) {
      sql.append(" AND rule_id = :ruleId");
    }
    if (query.severity() != null) {
      sql.append(" AND severity = :severity");
    }
    if (query.buildingBlock() != null) {
      sql.append(" AND building_block = :buildingBlock");
    }
    if (query.from() != null) {
      sql.append(" AND detected_at >= :from");
    }
    if (query.to() != null) {
      sql.append(" AND detected_at < :to");
    }
    return sql.toString();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, AlertQuery query) {
    if (query.hostId() != null) {
      statement = statement.param("hostId", query.hostId());
    }
    if (query.ruleId() != null) {
      statement = statement.param("ruleId", query.ruleId());
    }
    if (query.severity() != null) {
      statement = statement.param("severity", query.severity());
    }
    if (query.buildingBlock() != null) {
      statement = statement.param("buildingBlock", query.buildingBlock());
    }
    if (query.from() != null) {
      statement = statement.param("from", utc(query.from()));
    }
    if (query.to() != null) {
      statement = statement.param("to", utc(query.to()));
    }
    return statement;
  }

  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM alert").query(Long.class).single();
  }

  /** A row's alert: deflated JSON, or the JSON text of rows stored before V2. */
  private Alert read(ResultSet row, int number) throws SQLException {
    byte[] deflated = row.getBytes("body_deflated");
    return deflated != null ? json.readValue(Deflated.inflate(deflated), Alert.class)
        : json.readValue(row.getString("body"), Alert.class);
  }

  private String hostId(Alert alert) {
    Object joined = alert.joinKeys().get("host.id");
    if (joined instanceof String host) {
      return host;
    }
    return alert.events().isEmpty() ? null : Reasons.first(alert.events().get(0), json, "host.id");
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
