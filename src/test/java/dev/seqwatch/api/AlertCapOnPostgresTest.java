package dev.seqwatch.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AlertCapTest} with the alert store on PostgreSQL instead of H2. */
class AlertCapOnPostgresTest extends AlertCapTest {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    OnPostgres.database(registry, AlertCapOnPostgresTest.class);
  }
}
