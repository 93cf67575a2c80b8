package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.seqwatch.event.Event;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** After a known batch, the Prometheus endpoint shows counters that moved by exactly its numbers. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MetricsTest extends ApiTestSupport {

  private static final String RULE = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";

  private double metric(String text, String name, String labels) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}"))
        + " (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  @Test
  void countersMoveByExactlyWhatOneBatchDid() {
    List<String> events = new ArrayList<>(Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, "-metrics")).toList());
    RuleSet seed = Engines.seedRules();
    SequencePlan plan = (SequencePlan) seed.rules().get(0).plan();
    long[] stageMatches = new long[3];
    for (Event event : Engines.read(seed, events)) {
      for (int stage = 0; stage < 3; stage++) {
        stageMatches[stage] += plan.stages().get(stage).predicate().test(event.values()) ? 1 : 0;
      }
    }
    events.add("{\"message\":\"no timestamp\"}");
    String before = get("/actuator/prometheus").body();

    Reply reply = post("/api/v1/events", "application/json", "[" + String.join(",", events) + "]");
    post("/api/v1/events", "application/json", "[" + String.join(",", events.subList(0, events.size() - 1)) + "]");
    String after = get("/actuator/prometheus").body();

    assertThat(reply.json().get("alerts")).hasSize(1);
    assertThat(metric(after, "seqwatch_ingest_events_total", "result=\"accepted\"")
        - metric(before, "seqwatch_ingest_events_total", "result=\"accepted\"")).isEqualTo(2.0 * (events.size() - 1));
    assertThat(metric(after, "seqwatch_ingest_events_total", "result=\"rejected\"")
        - metric(before, "seqwatch_ingest_events_total", "result=\"rejected\"")).isEqualTo(1.0);
    assertThat(metric(after, "seqwatch_alerts_total", "result=\"created\"")
        - metric(before, "seqwatch_alerts_total", "result=\"created\"")).isEqualTo(1.0);
    assertThat(metric(after, "seqwatch_alerts_total", "result=\"duplicate\"")
        - metric(before, "seqwatch_alerts_total", "result=\"duplicate\"")).isEqualTo(1.0);
    for (int stage = 0; stage < 3; stage++) {
      String labels = "rule=\"" + RULE + "\",stage=\"" + (stage + 1) + "\"";
      assertThat(metric(after, "seqwatch_engine_stage_matches_total", labels)
          - metric(before, "seqwatch_engine_stage_matches_total", labels)).as("stage %d", stage + 1)
          .isEqualTo(2.0 * stageMatches[stage]);
    }
    assertThat(metric(after, "seqwatch_engine_rule_alerts_total", "rule_id=\"" + RULE + "\"")
        - metric(before, "seqwatch_engine_rule_alerts_total", "rule_id=\"" + RULE + "\"")).isEqualTo(2.0);
    // The one rule's conditions: each stage match was a test, and the index may let more through.
    assertThat(metric(after, "seqwatch_engine_rule_conditions_tested_total", "rule_id=\"" + RULE + "\"")
        - metric(before, "seqwatch_engine_rule_conditions_tested_total", "rule_id=\"" + RULE + "\""))
        .isGreaterThanOrEqualTo(2.0 * (stageMatches[0] + stageMatches[1] + stageMatches[2]))
        .isEqualTo(metric(after, "seqwatch_engine_conditions_tested_total", "")
            - metric(before, "seqwatch_engine_conditions_tested_total", ""));
    assertThat(after).contains("seqwatch_engine_rule_keys{rule_id=\"" + RULE + "\"}",
        "seqwatch_engine_rule_bytes{rule_id=\"" + RULE + "\"}",
        "seqwatch_engine_rule_discards_total{reason=\"evicted_by_size\",rule_id=\"" + RULE + "\"}");
    assertThat(after).contains("seqwatch_engine_discards_total{reason=\"late\"}", "seqwatch_correlation_keys",
        "seqwatch_correlation_hit_ratio", "seqwatch_correlation_evictions_total", "seqwatch_ingest_throttled_total",
        "seqwatch_alerts_over_limit_total", "http_server_requests_seconds_count");
  }

  @Test
  void syncsOfTheStoreAreCountedInBucketsAroundTheLatencyBudget() {
    List<String> events = Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, "-sync-buckets")).toList();
    String before = get("/actuator/prometheus").body();

    Reply reply = post("/api/v1/events", "application/json", "[" + String.join(",", events) + "]");
    String after = get("/actuator/prometheus").body();

    assertThat(reply.json().get("alerts")).hasSize(1);
    double syncs = metric(after, "seqwatch_alerts_syncs_seconds_count", "")
        - metric(before, "seqwatch_alerts_syncs_seconds_count", "");
    assertThat(syncs).isGreaterThanOrEqualTo(1.0);
    assertThat(metric(after, "seqwatch_alerts_syncs_seconds_bucket", "le=\"+Inf\"")
        - metric(before, "seqwatch_alerts_syncs_seconds_bucket", "le=\"+Inf\"")).isEqualTo(syncs);
    double previous = 0;
    for (String bound : List.of("0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1.0")) {
      assertThat(after).contains("seqwatch_alerts_syncs_seconds_bucket{le=\"" + bound + "\"}");
      double within = metric(after, "seqwatch_alerts_syncs_seconds_bucket", "le=\"" + bound + "\"");
      assertThat(within).as("syncs within %s s", bound).isGreaterThanOrEqualTo(previous);
      previous = within;
    }
    assertThat(previous).isLessThanOrEqualTo(metric(after, "seqwatch_alerts_syncs_seconds_count", ""));
  }

  @Test
  void everyIngestStageCountsCpuTimeAndTheRequestHoldsTheOthers() {
    List<String> events = Corpus.scenarios().get(0).events();
    String ndjson = String.join("\n", events.stream().map(event -> EventsApiTest.rekey(event, "-cpu")).toList());
    StringBuilder bulk = new StringBuilder();
    events.forEach(event -> bulk.append("{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n")
        .append(EventsApiTest.rekey(event, "-cpu-bulk")).append('\n'));

    assertStagesMoved(() -> assertThat(post("/api/v1/events", "application/x-ndjson", ndjson).json().get("alerts"))
        .hasSize(1));
    assertStagesMoved(() -> assertThat(post("/_bulk", "application/x-ndjson", bulk.toString()).status())
        .isEqualTo(200));
  }

  /** Every stage's CPU moves over {@code request}, and the request's holds the other three. */
  private void assertStagesMoved(Runnable request) {
    List<String> stages = List.of("request", "read", "match", "store");
    String before = get("/actuator/prometheus").body();

    request.run();
    String after = get("/actuator/prometheus").body();

    double[] moved = new double[stages.size()];
    for (int i = 0; i < stages.size(); i++) {
      String labels = "stage=\"" + stages.get(i) + "\"";
      moved[i] = metric(after, "seqwatch_ingest_cpu_seconds_total", labels)
          - metric(before, "seqwatch_ingest_cpu_seconds_total", labels);
      assertThat(moved[i]).as(stages.get(i)).isPositive();
    }
    // One thread ran the whole request, so its clock saw the inner stages inside the outer one.
    assertThat(moved[0]).isGreaterThanOrEqualTo(moved[1] + moved[2] + moved[3] - 1e-9);
  }

  @Test
  void correlationGaugesStillReadTheStateAfterAGarbageCollection() {
    post("/api/v1/events", "application/json", "[" + String.join(",", Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, "-gauges")).toList()) + "]");
    System.gc();

    String text = get("/actuator/prometheus").body();

    assertThat(metric(text, "seqwatch_correlation_keys", "")).isNotNaN().isPositive();
    assertThat(metric(text, "seqwatch_correlation_evictions_total", "")).isNotNaN();
  }

  @Test
  void stateLookupsCountTheKeysAChainCreatesAndFinds() {
    String before = get("/actuator/prometheus").body();

    // Three events of one chain on one key: the first creates the key's state, the others find it.
    post("/api/v1/events", "application/json", "[" + String.join(",", Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, "-lookups")).toList()) + "]");
    String after = get("/actuator/prometheus").body();

    double created = metric(after, "seqwatch_correlation_requests_total", "result=\"miss\"")
        - metric(before, "seqwatch_correlation_requests_total", "result=\"miss\"");
    double found = metric(after, "seqwatch_correlation_requests_total", "result=\"hit\"")
        - metric(before, "seqwatch_correlation_requests_total", "result=\"hit\"");
    assertThat(created).isGreaterThanOrEqualTo(1.0);
    assertThat(found).isGreaterThanOrEqualTo(2.0);
    // Each of the three matched a stage, so the index chose that stage's condition and it was tested.
    assertThat(metric(after, "seqwatch_engine_conditions_tested_total", "")
        - metric(before, "seqwatch_engine_conditions_tested_total", "")).isGreaterThanOrEqualTo(3.0);
    double ratio = metric(after, "seqwatch_correlation_hit_ratio", "");
    double hits = metric(after, "seqwatch_correlation_requests_total", "result=\"hit\"");
    double misses = metric(after, "seqwatch_correlation_requests_total", "result=\"miss\"");
    assertThat(ratio).isCloseTo(hits / (hits + misses), offset(1e-9));
  }
}
