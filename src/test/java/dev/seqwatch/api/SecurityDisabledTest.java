package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.TestPropertySource;

/** With security switched off, everything answers without a key, and /actuator/info says so loudly. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "seqwatch.security.enabled=false")
class SecurityDisabledTest extends ApiTestSupport {

  @Test
  void everyEndpointAnswersWithoutAKeyAndInfoWarns() {
    assertThat(exchange("GET", "/api/v1/alerts", null, null).status()).isEqualTo(200);
    assertThat(exchange("POST", "/api/v1/events", "application/json", "[]".getBytes()).status()).isEqualTo(200);
    assertThat(exchange("GET", "/actuator/prometheus", null, null).status()).isEqualTo(200);

    var security = exchange("GET", "/actuator/info", null, null).json().get("security");
    assertThat(security.get("enabled").asBoolean()).isFalse();
    assertThat(security.get("warning").asString()).contains("disabled");
  }
}
