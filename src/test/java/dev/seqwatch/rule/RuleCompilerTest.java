package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.plan.QueryPlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.Threat.Reference;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {

  @Test
  void theBundledRuleCarriesTheValuesTheUserGave() {
    RuleSet rules = RuleCompiler.compile(List.of(RuleSource.bundled()));

    CompiledRule rule = rules.rules().get(0);
    RuleDefinition definition = rule.definition();
    assertThat(definition.ruleId()).isEqualTo("fa3a59dc-33c3-43bf-80a9-e8437a922c7f");
    assertThat(definition.name()).isEqualTo("Potential Reverse Shell via Suspicious Binary");
    assertThat(definition.description()).startsWith("This detection rule detects the creation of a shell");
    assertThat(definition.type()).isEqualTo("eql");
    assertThat(definition.language()).isEqualTo("eql");
    assertThat(definition.index()).containsExactly("logs-endpoint.events.*");
    assertThat(definition.severity()).isEqualTo("medium");
    assertThat(definition.riskScore()).isEqualTo(47);
    assertThat(definition.interval()).isEqualTo("5m");
    assertThat(definition.from()).isEqualTo("now-9m");
    assertThat(definition.maxSignals()).isEqualTo(100);
    assertThat(definition.version()).isEqualTo(6);
    assertThat(definition.author()).containsExactly("Elastic");
    assertThat(definition.license()).isEqualTo("Elastic License v2");
    assertThat(definition.tags()).containsExactly("Domain: Endpoint", "OS: Linux", "Use Case: Threat Detection",
        "Tactic: Execution", "Data Source: Elastic Defend");
    assertThat(definition.threat()).extracting(Threat::tactic).containsExactly(
        new Reference("TA0002", "Execution", "https://attack.mitre.org/tactics/TA0002/"),
        new Reference("TA0011", "Command and Control", "https://attack.mitre.org/tactics/TA0011/"));
    assertThat(definition.threat().get(0).techniques().get(0).id()).isEqualTo("T1059");
    assertThat(definition.threat().get(0).techniques().get(0).subtechniques()).extracting(Reference::id)
        .containsExactly("T1059.004");
    assertThat(definition.threat().get(1).techniques()).extracting(Threat.Technique::id).containsExactly("T1071");
    assertThat(definition.query()).startsWith("sequence by host.id, process.entity_id with maxspan=1s\n");
    assertThat(definition.buildingBlockType()).as("not a building-block rule").isNull();

    SequencePlan plan = (SequencePlan) rule.plan();
    assertThat(plan.stages()).hasSize(3);
    assertThat(plan.maxspanMillis()).isEqualTo(1000);
    assertThat(plan.stages().get(0).keyFields()).containsExactly("host.id", "process.entity_id");
    assertThat(rules.schema().names()).contains("@timestamp", "event.category", "process.executable",
        "destination.ip", "host.id", "process.entity_id");
  }

  @Test
  void aQueryErrorIsReportedAtItsLineAndColumnInTheFile() {
    String toml = rule("""
        sequence by host.id with maxspan=1s
          [process where true]
          [network where destination.ip lke "x"]
        """);

    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("rules/bad.toml", toml))))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith("rules/bad.toml:11:33: query: expected an operator")
        .satisfies(e -> {
          RuleLoadException error = (RuleLoadException) e;
          assertThat(error.line()).isEqualTo(11);
          assertThat(error.column()).isEqualTo(33);
          assertThat(toml.lines().toList().get(10).substring(32)).startsWith("lke");
        });
  }

  @Test
  void unsupportedConstructsStopLoadingWithTheirName() {
    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("r.toml", rule("any where true | count")))))
        .isInstanceOf(RuleLoadException.class)
        .hasMessage("r.toml:9:16: query: pipe | count is not supported yet");
  }

  @Test
  void pipesAreRefusedInRulesWithWhereTheyRun() {
    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("r.toml", rule("any where true | head 1")))))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith("r.toml:9:16: query: pipes (| head) are not supported in rules: Kibana applies them")
        .hasMessageContaining("POST /api/v1/eql/search runs them");
  }

  @Test
  void aSampleRuleLoadsWithItsFiltersAndKeys() {
    RuleSet rules = RuleCompiler.compile(List.of(new RuleSource("r.toml",
        rule("sample by host.id [process where process.name == \"a\"] [network where true]"))));

    QueryPlan.SamplePlan plan = (QueryPlan.SamplePlan) rules.rules().get(0).plan();
    assertThat(plan.filters()).hasSize(2);
    assertThat(plan.filters().get(1).keyFields()).containsExactly("host.id");
  }

  @Test
  void tomlSyntaxErrorsNameTheFilePosition() {
    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("r.toml", "[rule]\nname = \"x\nrule_id = 1\n"))))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith("r.toml:2:")
        .hasMessageContaining("not valid TOML");
  }

  @Test
  void missingOrWrongFieldsAreNamed() {
    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("r.toml", "[rule]\nname = \"x\"\n"))))
        .hasMessage("r.toml: rule.type is required and must be a string");
    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("r.toml",
        rule("any where true").replace("severity = \"low\"", "severity = \"urgent\"")))))
        .hasMessage("r.toml:6:1: rule.severity must be one of low, medium, high, critical but is 'urgent'");
    assertThatThrownBy(() -> RuleCompiler.compile(List.of(new RuleSource("r.toml",
        rule("any where true").replace("type = \"eql\"", "type = \"query\"")))))
        .hasMessageContaining("rule type 'query' in language 'eql' is not supported yet");
  }

  @Test
  void twoRulesWithOneIdAreRefused() {
    RuleSource one = new RuleSource("a.toml", rule("any where true"));
    RuleSource two = new RuleSource("b.toml", rule("process where true"));

    assertThatThrownBy(() -> RuleCompiler.compile(List.of(one, two)))
        .hasMessage("b.toml: rule_id r1 is already used by a.toml");
  }

  @Test
  void aBuildingBlockRuleIsMarkedAsKibanaMarksIt() {
    String toml = ruleWith("process where true", "building_block_type = \"default\"");

    RuleDefinition definition = RuleCompiler.compile(List.of(new RuleSource("r.toml", toml))).rules().get(0)
        .definition();

    assertThat(definition.buildingBlockType()).isEqualTo("default");
  }

  @Test
  void aBuildingBlockTypeKibanaDoesNotKnowIsNamedWithItsLine() {
    RuleLoadException refused = refused(ruleWith("process where true", "building_block_type = \"loud\""));

    assertThat(refused.kind()).isEqualTo(RuleFile.Reason.INVALID_RULE);
    assertThat(refused).hasMessage("r.toml:2:1: rule.building_block_type must be \"default\" but is 'loud'");
  }

  @Test
  void anEventCategoryOverrideThatNamesNoFieldIsNamedWithItsLine() {
    RuleLoadException refused = refused(ruleWith("info where true", "event_category_override = \" \""));

    assertThat(refused.kind()).isEqualTo(RuleFile.Reason.INVALID_RULE);
    assertThat(refused).hasMessage("r.toml:2:1: rule.event_category_override must name a field");
  }

  @Test
  void aRuleOrderedByAnotherTimestampOrTiebreakerIsSkippedAsUnsupportedAtItsLine() {
    RuleLoadException timestamp = refused(ruleWith("process where true", "timestamp_field = \"event.ingested\""));
    RuleLoadException tiebreaker = refused(ruleWith("process where true", "tiebreaker_field = \"event.id\""));

    assertThat(timestamp.kind()).isEqualTo(RuleFile.Reason.UNSUPPORTED_EQL);
    assertThat(timestamp).hasMessage("r.toml:2:1: rule.timestamp_field orders events by 'event.ingested': SeqWatch"
        + " orders them by @timestamp and does not support another yet");
    assertThat(tiebreaker.kind()).isEqualTo(RuleFile.Reason.UNSUPPORTED_EQL);
    assertThat(tiebreaker).hasMessageContaining("rule.tiebreaker_field orders events by 'event.id'");
  }

  @Test
  void namingTheFieldsSeqWatchOrdersByLoadsTheRule() {
    String toml = ruleWith("process where true", "timestamp_field = \"@timestamp\"",
        "tiebreaker_field = \"event.sequence\"");

    assertThat(RuleCompiler.compile(List.of(new RuleSource("r.toml", toml))).rules()).hasSize(1);
  }

  /** {@link #rule} with {@code keys}, one a line, first in its table. */
  private static String ruleWith(String query, String... keys) {
    return rule(query).replace("[rule]\n", "[rule]\n" + String.join("\n", keys) + "\n");
  }

  /** Why {@code toml}, as {@code r.toml}, does not load. */
  private static RuleLoadException refused(String toml) {
    try {
      RuleCompiler.compile(List.of(new RuleSource("r.toml", toml)));
    } catch (RuleLoadException e) {
      return e;
    }
    throw new AssertionError("the rule loaded");
  }

  private static String rule(String query) {
    return """
        [rule]
        rule_id = "r1"
        name = "test"
        type = "eql"
        language = "eql"
        severity = "low"
        risk_score = 21
        query = '''
        %s'''
        """.formatted(query);
  }
}
