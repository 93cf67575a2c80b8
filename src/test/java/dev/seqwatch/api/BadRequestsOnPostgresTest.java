package dev.seqwatch.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BadRequestsTest} with the alert store on PostgreSQL instead of H2. */
class BadRequestsOnPostgresTest extends BadRequestsTest {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    OnPostgres.database(registry, BadRequestsOnPostgresTest.class);
  }
}
