package dev.seqwatch.alert;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, every pooled connection runs {@code SET synchronous_commit = on} when it opens, so a
 * commit returns only when its write-ahead log is flushed to disk, whatever the server or role
 * default says ({@code off} would acknowledge alerts a crash can lose). A connection-init SQL the
 * operator set is left alone; {@link DurableCommits} explains the H2 side.
 */
@Component
final class PostgresDurability implements BeanPostProcessor {

  static final String SYNCHRONOUS_COMMIT = "SET synchronous_commit = on";

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
        && pool.getJdbcUrl().startsWith("jdbc:postgresql:") && pool.getConnectionInitSql() == null) {
      pool.setConnectionInitSql(SYNCHRONOUS_COMMIT);
    }
    return bean;
  }
}
