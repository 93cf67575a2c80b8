package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** What operators and analysts reach besides the API: probes, info, Swagger UI, the OpenAPI contract. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OperationsApiTest extends ApiTestSupport {

  private static final Path COMMITTED = Path.of("openapi/openapi.yaml");

  @Test
  void healthProbesAnswer() {
    assertThat(get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
    Reply readiness = get("/actuator/health/readiness");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
  }

  @Test
  void infoNamesTheVersionAndTheRules() {
    var info = get("/actuator/info").json();
    assertThat(info.get("build").get("version").asString()).isNotBlank();
    assertThat(info.get("engine").get("rules").asInt()).isEqualTo(1);
  }

  @Test
  void swaggerUiIsServed() {
    Reply page = get("/swagger-ui/index.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui");
    assertThat(get("/swagger-ui.html").status()).isIn(200, 302);
  }

  @Test
  void theConsoleIsServedWithoutAKeyUnderAStrictPolicyWhileItsDataNeedsOne() {
    Reply page = exchange("GET", "/console/index.html", null, null);
    Reply script = exchange("GET", "/console/js/app.js", null, null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("SeqWatch console");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).contains("javascript");
    assertThat(exchange("GET", "/console", null, null).status()).isEqualTo(302);
    assertThat(exchange("GET", "/api/v1/alerts", null, null).status()).isEqualTo(401);
    assertThat(exchange("GET", "/api/v1/alerts/_counts", null, null).status()).isEqualTo(401);
    assertThat(exchange("POST", "/console/index.html", "application/json", "{}".getBytes())
        .status()).as("only GET is open").isIn(401, 403);
  }

  /**
   * The running API and openapi/openapi.yaml must agree. After an intended API change, rewrite the
   * file with {@code ./mvnw verify -Dseqwatch.openapi.write=true} and review the diff.
   */
  @Test
  void committedOpenApiDocumentMatchesTheRunningApi() throws IOException {
    Reply live = get("/v3/api-docs.yaml");
    assertThat(live.status()).isEqualTo(200);
    if (Boolean.getBoolean("seqwatch.openapi.write")) {
      Files.writeString(COMMITTED, live.body(), StandardCharsets.UTF_8);
    }
    assertThat(live.body()).isEqualToIgnoringNewLines(Files.readString(COMMITTED, StandardCharsets.UTF_8));
    assertThat(live.body()).contains("/api/v1/events", "/api/v1/alerts", "/api/v1/alerts/{id}", "/api/v1/rules",
        "/api/v1/rules/{id}", "/api/v1/rules/files", "/api/v1/rules/_reload", "/api/v1/eql/search");
  }
}
