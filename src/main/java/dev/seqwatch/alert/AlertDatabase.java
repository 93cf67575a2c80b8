package dev.seqwatch.alert;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which database holds the alerts, for the few things whose right form differs between them: how
 * a commit reaches the disk ({@link DurableCommits}) and how an insert that loses a race is told
 * apart ({@link AlertStore#insertIfAbsent}). Told once, at start.
 */
enum AlertDatabase {
  H2,
  POSTGRESQL,
  OTHER,
  /** The store could not be reached at start; whatever is done then must be right on either. */
  UNKNOWN;

  private static final Logger log = LoggerFactory.getLogger(AlertDatabase.class);

  static AlertDatabase of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return switch (connection.getMetaData().getDatabaseProductName()) {
        case "H2" -> H2;
        case "PostgreSQL" -> POSTGRESQL;
        default -> OTHER;
      };
    } catch (SQLException unreachable) {
      log.warn("Could not tell the alert database's product; using the forms that are safe on any: {}",
          unreachable.toString());
      return UNKNOWN;
    }
  }
}
