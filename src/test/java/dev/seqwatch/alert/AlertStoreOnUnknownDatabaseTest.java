package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.RacingInserts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store that could not tell its database at start (it was down) inserts under a savepoint, the
 * form that is right on every database: a lost race is still a duplicate and the rest of the
 * transaction still commits.
 */
class AlertStoreOnUnknownDatabaseTest {

  private AlertStore store;

  @BeforeEach
  void storeThatFoundTheDatabaseDownAtStart() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:unknown-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
    AtomicBoolean down = new AtomicBoolean(true);
    DataSource database = new DelegatingDataSource(h2) {
      @Override
      public Connection getConnection() throws SQLException {
        if (down.getAndSet(false)) {
          throw new SQLException("connection refused");
        }
        return super.getConnection();
      }
    };
    DurableCommits durable = new DurableCommits(JdbcClient.create(h2), database, new SimpleMeterRegistry());
    assertThat(durable.database()).isEqualTo(AlertDatabase.UNKNOWN);
    store = new AlertStore(JdbcClient.create(database), new JsonMapper(), durable,
        new DataSourceTransactionManager(database));
  }

  @Test
  void anInsertThatLosesARaceIsADuplicateAndItsTransactionKeepsItsOtherAlerts() throws Exception {
    RacingInserts.theLaterTransactionKeepsItsOtherAlerts(store, alert("template"));
  }

  @Test
  void storingAnIdAgainReportsThatItWasStored() {
    assertThat(store.insertIfAbsent(alert("twice"))).isTrue();
    assertThat(store.inOneCommit(() -> List.of(store.insertIfAbsent(alert("twice")),
        store.insertIfAbsent(alert("once"))))).containsExactly(false, true);
    assertThat(store.count()).isEqualTo(2);
  }

  private static Alert alert(String id) {
    Instant at = Instant.parse("2026-03-02T08:00:00Z");
    RuleSummary rule = new RuleSummary("rule", "A rule", 1, "high", 73, List.of(), null, null);
    return new Alert(id, null, rule, Map.of("host.id", "h1"),
        at, at, at, "A rule on h1.", null, null, List.of());
  }
}
