package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.TestPropertySource;

/**
 * After the configured number of failed authentications from one address, its failed attempts are
 * answered 429 until the window ends; a valid key from the same address is served all the same
 * (issue 14), and the Basic user, whose password a person chose, stays locked out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"test.failed-attempts.max-per-address=3",
    "seqwatch.security.failed-attempts.window=10m"})
class FailedAttemptsTest extends ApiTestSupport {

  @Test
  void anAddressThatFailedTooOftenGets429ForGuessesAndTheBasicUserButNotForAValidKey() {
    String wrong = "ApiKey " + TestKeys.UNKNOWN_KEY;
    assertThat(exchange("GET", "/api/v1/alerts", null, null).status()).as("no key is not a failed attempt")
        .isEqualTo(401);
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(exchange("GET", "/api/v1/alerts", null, null, "Authorization", wrong).status()).isEqualTo(401);
    }

    Reply guess = exchange("GET", "/api/v1/alerts", null, null, "Authorization", wrong);
    Reply basic = exchange("GET", "/_cluster/health", null, null, "Authorization",
        TestKeys.basicHeader(TestKeys.BASIC_USER, TestKeys.BASIC_PASSWORD));
    for (Reply refused : new Reply[] {guess, basic}) {
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json().get("type").asString()).endsWith("/too-many-failed-authentications");
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 600L);
    }

    assertThat(exchange("GET", "/api/v1/alerts", null, null, "Authorization", TestKeys.READ.header()).status())
        .as("a valid key from the same address").isEqualTo(200);
    assertThat(exchange("GET", "/actuator/prometheus", null, null, "X-API-Key", TestKeys.ADMIN.key()).status())
        .isEqualTo(200);
    assertThat(exchange("GET", "/actuator/health", null, null).status()).as("probes stay open").isEqualTo(200);
  }
}
