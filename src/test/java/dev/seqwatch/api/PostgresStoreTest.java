package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import dev.seqwatch.alert.Alert;
import dev.seqwatch.alert.AlertCursor;
import dev.seqwatch.alert.AlertQuery;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.RacingInserts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import javax.sql.DataSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The alert store on a real PostgreSQL server, with the same Flyway migrations as H2. */
class PostgresStoreTest {

  @Test
  void alertsAreStoredListedAndDeduplicatedOnPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setServerConfig("synchronous_commit", "off").start();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SeqwatchApplication.class)
            // Arguments, not default properties: they must win over application.properties.
            .run(TestKeys.arguments("--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password="))) {
      try (Connection connection = app.getBean(DataSource.class).getConnection()) {
        assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        // Commits wait for the write-ahead log to reach the disk, whatever the server says (issue 14).
        try (var result = connection.createStatement().executeQuery("SHOW synchronous_commit")) {
          result.next();
          assertThat(result.getString(1)).isEqualTo("on");
        }
      }
      IngestService ingest = app.getBean(IngestService.class);
      AlertStore store = app.getBean(AlertStore.class);
      String body = "[" + String.join(",", Corpus.scenarios().get(0).events()) + "]";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

      List<Alert> first = ingest.ingest(bytes, bytes.length, BodyFormat.JSON).alerts();
      List<Alert> again = ingest.ingest(bytes, bytes.length, BodyFormat.JSON).alerts();

      assertThat(first).singleElement().satisfies(alert -> assertThat(alert.isNew()).isTrue());
      assertThat(again).singleElement().satisfies(alert -> assertThat(alert.isNew()).isFalse());
      assertThat(store.count()).isEqualTo(1);
      Alert stored = store.find(first.get(0).id()).orElseThrow();
      assertThat(stored.events()).hasSize(3);
      AlertQuery byHost = new AlertQuery((String) stored.joinKeys().get("host.id"), null, null, null);
      assertThat(store.list(byHost, null, 10)).extracting(Alert::id).containsExactly(stored.id());
      assertThat(store.list(byHost, new AlertCursor(stored.detectedAt(), stored.id()), 10)).isEmpty();

      // Retention's batched delete runs on PostgreSQL as on H2.
      java.time.Instant old = java.time.Instant.now().minus(java.time.Duration.ofDays(100));
      store.insertIfAbsent(new Alert("expired", null, stored.rule(), stored.joinKeys(), old, old, old,
          stored.reason(), null, null, stored.events()));
      assertThat(app.getBean(dev.seqwatch.alert.AlertRetention.class).deleteExpired()).isEqualTo(1);
      assertThat(store.find("expired")).isEmpty();
      assertThat(store.count()).isEqualTo(1);

      RacingInserts.theLaterTransactionKeepsItsOtherAlerts(store, stored);
    }
  }
}
