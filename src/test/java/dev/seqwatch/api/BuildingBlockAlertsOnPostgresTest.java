package dev.seqwatch.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BuildingBlockAlertsApiTest} with the alert store on PostgreSQL instead of H2. */
class BuildingBlockAlertsOnPostgresTest extends BuildingBlockAlertsApiTest {

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    OnPostgres.database(registry, BuildingBlockAlertsOnPostgresTest.class);
  }
}
