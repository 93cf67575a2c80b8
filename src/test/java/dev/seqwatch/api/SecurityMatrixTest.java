package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Every endpoint with no credential, a wrong key, a valid key without the role, and the right key:
 * 401, the same 401, 403, and served. The open endpoints answer anyone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SecurityMatrixTest extends ApiTestSupport {

  private static final String JSON_TYPE = "application/json";

  /** One protected operation, what it needs, and what it answers when allowed. */
  record Endpoint(String method, String path, String contentType, String body, TestKeys role, int allowed) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static Stream<Endpoint> protectedEndpoints() {
    String search = "{\"query\":\"process where true\",\"events\":[]}";
    return Stream.of(
        new Endpoint("POST", "/api/v1/events", JSON_TYPE, "[]", TestKeys.INGEST, 200),
        new Endpoint("GET", "/api/v1/alerts", null, null, TestKeys.READ, 200),
        new Endpoint("GET", "/api/v1/alerts?format=elastic", null, null, TestKeys.READ, 200),
        new Endpoint("GET", "/api/v1/alerts/no-such-alert", null, null, TestKeys.READ, 404),
        new Endpoint("GET", "/api/v1/rules", null, null, TestKeys.READ, 200),
        new Endpoint("GET", "/api/v1/rules/fa3a59dc-33c3-43bf-80a9-e8437a922c7f", null, null, TestKeys.READ, 200),
        new Endpoint("GET", "/api/v1/rules/files", null, null, TestKeys.READ, 200),
        new Endpoint("GET", "/api/v1/rules/files?status=skipped", null, null, TestKeys.READ, 200),
        new Endpoint("POST", "/api/v1/rules/_reload", null, null, TestKeys.ADMIN, 200),
        new Endpoint("POST", "/api/v1/eql/search", JSON_TYPE, search, TestKeys.READ, 200),
        new Endpoint("GET", "/", null, null, TestKeys.INGEST, 200),
        new Endpoint("HEAD", "/", null, null, TestKeys.INGEST, 200),
        new Endpoint("GET", "/_license", null, null, TestKeys.INGEST, 200),
        new Endpoint("GET", "/_cluster/health", null, null, TestKeys.INGEST, 200),
        new Endpoint("PUT", "/_index_template/ecs", JSON_TYPE, "{}", TestKeys.INGEST, 200),
        new Endpoint("GET", "/_index_template/ecs", null, null, TestKeys.INGEST, 200),
        new Endpoint("PUT", "/_template/ecs", JSON_TYPE, "{}", TestKeys.INGEST, 200),
        new Endpoint("HEAD", "/_template/ecs", null, null, TestKeys.INGEST, 200),
        new Endpoint("PUT", "/_ilm/policy/ecs", JSON_TYPE, "{}", TestKeys.INGEST, 200),
        new Endpoint("GET", "/_ilm/policy/ecs", null, null, TestKeys.INGEST, 200),
        new Endpoint("PUT", "/_data_stream/logs-x-default", JSON_TYPE, "{}", TestKeys.INGEST, 200),
        new Endpoint("GET", "/_data_stream/logs-x-default", null, null, TestKeys.INGEST, 200),
        new Endpoint("POST", "/_bulk", "application/x-ndjson", "", TestKeys.INGEST, 200),
        new Endpoint("PUT", "/_bulk", "application/x-ndjson", "", TestKeys.INGEST, 200),
        new Endpoint("POST", "/logs-endpoint.events.process-default/_bulk", "application/x-ndjson", "",
            TestKeys.INGEST, 200),
        new Endpoint("GET", "/actuator/info", null, null, TestKeys.ADMIN, 200),
        new Endpoint("GET", "/actuator/prometheus", null, null, TestKeys.ADMIN, 200));
  }

  private Reply call(Endpoint endpoint, String... credentials) {
    byte[] body = endpoint.body() == null ? null : endpoint.body().getBytes(StandardCharsets.UTF_8);
    return exchange(endpoint.method(), endpoint.path(), endpoint.contentType(), body, credentials);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protectedEndpoints")
  void withoutAKeyIs401ProblemWithAChallenge(Endpoint endpoint) {
    Reply reply = call(endpoint);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.headers().allValues("WWW-Authenticate")).contains("ApiKey");
    if (!endpoint.method().equals("HEAD")) {
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().get("type").asString()).endsWith("/unauthorized");
      assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protectedEndpoints")
  void aWrongKeyGetsTheVerySameAnswerAsNoKey(Endpoint endpoint) {
    Reply none = call(endpoint);
    Reply wrongApiKey = call(endpoint, "Authorization", "ApiKey " + TestKeys.UNKNOWN_KEY);
    Reply wrongHeader = call(endpoint, "X-API-Key", TestKeys.UNKNOWN_KEY);
    Reply wrongScheme = call(endpoint, "Authorization", "Bearer " + TestKeys.ADMIN.key());

    for (Reply wrong : List.of(wrongApiKey, wrongHeader, wrongScheme)) {
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.body()).isEqualTo(none.body());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protectedEndpoints")
  void aValidKeyWithoutTheRoleIs403(Endpoint endpoint) {
    for (TestKeys other : TestKeys.values()) {
      if (other == endpoint.role() || other == TestKeys.ADMIN) {
        continue;
      }
      Reply reply = call(endpoint, "Authorization", other.header());

      assertThat(reply.status()).as("%s key", other).isEqualTo(403);
      if (!endpoint.method().equals("HEAD")) {
        assertThat(reply.json().get("type").asString()).endsWith("/forbidden");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protectedEndpoints")
  void theRightKeyInEitherHeaderAndTheAdminKeyAreServed(Endpoint endpoint) {
    assertThat(call(endpoint, "Authorization", endpoint.role().header()).status()).isEqualTo(endpoint.allowed());
    assertThat(call(endpoint, "X-API-Key", endpoint.role().key()).status()).isEqualTo(endpoint.allowed());
    assertThat(call(endpoint, "Authorization", TestKeys.ADMIN.header()).status()).isEqualTo(endpoint.allowed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("protectedEndpoints")
  void basicAuthenticationServesTheElasticsearchSurfaceOnly(Endpoint endpoint) {
    String right = TestKeys.basicHeader(TestKeys.BASIC_USER, TestKeys.BASIC_PASSWORD);
    String wrong = TestKeys.basicHeader(TestKeys.BASIC_USER, "Tr0ub4dor&3");
    boolean elasticsearch = !endpoint.path().startsWith("/api/") && !endpoint.path().startsWith("/actuator");

    assertThat(call(endpoint, "Authorization", right).status()).isEqualTo(elasticsearch ? endpoint.allowed() : 401);
    assertThat(call(endpoint, "Authorization", wrong).status()).isEqualTo(401);
    if (elasticsearch) {
      Reply challenged = call(endpoint);
      assertThat(challenged.headers().allValues("WWW-Authenticate")).anyMatch(value -> value.startsWith("Basic"));
      assertThat(challenged.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    }
  }

  @Test
  void healthProbesAndTheApiDocumentationAreOpenAndHealthShowsNoDetailsToAnonymousCallers() {
    for (String path : Arrays.asList("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
        "/v3/api-docs", "/swagger-ui/index.html")) {
      assertThat(exchange("GET", path, null, null).status()).as(path).isEqualTo(200);
    }
    assertThat(exchange("GET", "/swagger-ui.html", null, null).status()).isIn(200, 302);

    assertThat(exchange("GET", "/actuator/health", null, null).json().has("components")).isFalse();
    assertThat(get("/actuator/health").json().get("components").has("engine")).isTrue();
  }

  @Test
  void unknownPathsNeedAKeyBeforeTheyAre404() {
    assertThat(exchange("GET", "/api/v1/nothing-here", null, null).status()).isEqualTo(401);
    assertThat(get("/api/v1/nothing-here").status()).isEqualTo(404);
    assertThat(exchange("GET", "/actuator/env", null, null).status()).isEqualTo(401);
    assertThat(exchange("GET", "/actuator/env", null, null, "Authorization", TestKeys.READ.header()).status())
        .isEqualTo(403);
  }
}
