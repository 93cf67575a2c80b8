package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.TestDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Reloads while clients post: every chain found exactly once, the partial chains of unchanged
 * rules carried across reloads, those of changed rules dropped and counted, and a reload strict
 * mode refuses leaving the running set in place.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"seqwatch.rules.include-bundled=false", "seqwatch.rules.strict=true"})
class RuleReloadApiTest extends ApiTestSupport {

  private static final Path RULES = TestDirectories.create("seqwatch-reload-rules");

  @DynamicPropertySource
  static void rules(DynamicPropertyRegistry registry) {
    restoreRules();
    registry.add("seqwatch.rules.path", RULES::toString);
  }

  /** Writes a rule file whole: readers see the old file or the new one, never a part. */
  private static void write(String file, String id, String query) {
    try {
      Path partial = Files.createTempFile(RULES.getParent(), "rule", ".partial");
      Files.writeString(partial, """
          [metadata]
          maturity = "production"

          [rule]
          rule_id = "%s"
          name = "%s"
          description = "A rule of the reload test."
          type = "eql"
          language = "eql"
          index = ["logs-endpoint.events.*"]
          severity = "low"
          risk_score = 21
          query = '''
          %s
          '''
          """.formatted(id, id, query));
      Files.move(partial, RULES.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sequence(String first, String second) {
    return "sequence by host.id with maxspan=1h\n  [process where process.name == \"" + first + "\"]\n"
        + "  [process where process.name == \"" + second + "\"]";
  }

  @AfterEach
  void restore() {
    restoreRules();
    assertThat(reload().status()).isEqualTo(200);
  }

  private static void restoreRules() {
    try {
      Files.createDirectories(RULES);
      try (var files = Files.list(RULES)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write("keep.toml", "keep", sequence("k1", "k2"));
    write("change.toml", "change", sequence("c1", "c2"));
  }

  private Reply reload() {
    return exchange("POST", "/api/v1/rules/_reload", null, null, "Authorization", TestKeys.ADMIN.header());
  }

  private JsonNode postEvent(String host, String processName, int second) {
    String event = ("{\"@timestamp\":\"2026-01-01T00:%02d:%02dZ\",\"event\":{\"category\":\"process\"},"
        + "\"process\":{\"name\":\"%s\"},\"host\":{\"id\":\"%s\"}}")
        .formatted(second / 60, second % 60, processName, host);
    Reply reply = post("/api/v1/events", "application/json", "[" + event + "]");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("alerts");
  }

  private static List<String> ruleIds(JsonNode alerts) {
    List<String> ids = new ArrayList<>();
    alerts.forEach(alert -> ids.add(alert.get("rule").get("id").asString()));
    return ids;
  }

  @Test
  void chainsSplitAcrossBatchesAreFoundExactlyOnceWhileReloadsHappen() throws Exception {
    int clients = 4;
    int chainsPerClient = 25;
    AtomicBoolean posting = new AtomicBoolean(true);
    AtomicInteger reloads = new AtomicInteger();
    Map<String, List<String>> newAlertsByHost = new ConcurrentHashMap<>();
    ExecutorService threads = Executors.newFixedThreadPool(clients + 1);
    try {
      // The reloader changes the set each time: a rule first in path order, reading a field no
      // other rule reads, comes and goes; the chains' rule stays as it is.
      Future<?> reloader = threads.submit(() -> {
        while (posting.get()) {
          if (reloads.get() % 2 == 0) {
            write("a_extra.toml", "extra", "file where file.path == \"/tmp/extra\"");
          } else {
            Files.deleteIfExists(RULES.resolve("a_extra.toml"));
          }
          assertThat(reload().status()).isIn(200, 409);
          reloads.incrementAndGet();
        }
        return null;
      });
      List<Future<?>> posters = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        posters.add(threads.submit(() -> {
          for (int i = 0; i < chainsPerClient; i++) {
            String host = "load-" + client + "-" + i;
            List<String> found = new ArrayList<>(ruleIds(postEvent(host, "k1", i)));
            if (i % 5 == 0) {
              // A reload certainly between the chain's two batches.
              assertThat(reload().status()).isIn(200, 409);
            }
            JsonNode alerts = postEvent(host, "k2", i + 1);
            alerts.forEach(alert -> assertThat(alert.get("new").asBoolean()).isTrue());
            found.addAll(ruleIds(alerts));
            newAlertsByHost.put(host, found);
          }
          return null;
        }));
      }
      for (Future<?> poster : posters) {
        poster.get();
      }
      posting.set(false);
      reloader.get();
    } finally {
      posting.set(false);
      threads.shutdown();
    }

    assertThat(newAlertsByHost).hasSize(clients * chainsPerClient);
    assertThat(newAlertsByHost.values()).allSatisfy(ids -> assertThat(ids).containsExactly("keep"));
    assertThat(reloads.get()).isPositive();
  }

  @Test
  void anUnchangedRuleKeepsItsPartialChainAndAChangedRuleDropsItsCounted() throws IOException {
    postEvent("swap", "k1", 0);
    postEvent("swap", "c1", 1);
    write("change.toml", "change", sequence("c1", "c3"));

    Reply reload = reload();

    assertThat(reload.status()).isEqualTo(200);
    assertThat(reload.json().get("dropped_states").asLong()).isEqualTo(1);
    assertThat(ruleIds(postEvent("swap", "k2", 2))).containsExactly("keep");
    assertThat(postEvent("swap", "c3", 3)).isEmpty();
    assertThat(get("/actuator/prometheus").body())
        .containsPattern("seqwatch_engine_discards_total\\{[^}]*reason=\"rule_changed\"[^}]*} [1-9]")
        .containsPattern("seqwatch_engine_rule_discards_total\\{[^}]*reason=\"rule_changed\",rule_id=\"change\"} [1-9]");
  }

  @Test
  void aRuleAddedByAReloadHasItsPerRuleMeters() {
    write("added.toml", "added", sequence("a1", "a2"));

    assertThat(reload().status()).isEqualTo(200);
    postEvent("fresh", "a1", 0);

    assertThat(get("/actuator/prometheus").body())
        .containsPattern("seqwatch_engine_rule_keys\\{rule_id=\"added\"} [1-9]")
        .contains("seqwatch_engine_rule_bytes{rule_id=\"added\"}")
        .contains("seqwatch_engine_rule_alerts_total{rule_id=\"added\"}")
        .contains("seqwatch_engine_stage_matches_total{rule=\"added\",stage=\"1\"} 1.0");
  }

  @Test
  void aReloadOfAFolderThatIsGoneKeepsTheRunningSet() throws IOException {
    Files.delete(RULES.resolve("keep.toml"));
    Files.delete(RULES.resolve("change.toml"));
    Files.delete(RULES);

    Reply refused = reload();

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("type").asString()).endsWith("/rules-unreadable");
    assertThat(refused.json().get("detail").asString()).contains(RULES.toString(), "the running rules are kept");
    assertThat(get("/api/v1/rules").json()).hasSize(2);
  }

  @Test
  void aReloadStrictModeRefusesKeepsTheRunningSetAndSaysWhy() {
    postEvent("strict", "k1", 0);
    write("broken.toml", "broken", "sequence by host.id\n  [process where process.name = \"x\"]\n  [any where true]");

    Reply refused = reload();

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asString()).endsWith("/rules-refused");
    assertThat(refused.json().get("detail").asString()).contains("the running rules are kept");
    JsonNode file = refused.json().get("files").get(0);
    assertThat(file.get("origin").asString()).isEqualTo(RULES.resolve("broken.toml").toString());
    assertThat(file.get("reason").asString()).isEqualTo("malformed_eql");
    assertThat(file.get("line").asInt()).isEqualTo(15);
    assertThat(get("/api/v1/rules/files").json()).hasSize(2);
    assertThat(ruleIds(postEvent("strict", "k2", 1))).containsExactly("keep");
  }
}
