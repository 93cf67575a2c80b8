package dev.seqwatch.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AlertsApiTest} with the alert store on PostgreSQL instead of H2. */
class AlertsApiOnPostgresTest extends AlertsApiTest {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    OnPostgres.database(registry, AlertsApiOnPostgresTest.class);
  }
}
