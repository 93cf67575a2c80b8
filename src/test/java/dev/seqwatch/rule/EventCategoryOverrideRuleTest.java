package dev.seqwatch.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.eql.EventCategoryField;
import dev.seqwatch.eql.Query;
import dev.seqwatch.sequence.Detection;
import dev.seqwatch.testing.Engines;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rule's {@code event_category_override} makes {@code <category> where} test that field, as
 * Kibana's {@code event_category_field} makes Elasticsearch do; Elastic's CloudTrail rules depend on
 * it ({@code info where …} over events typed {@code info}, categorized otherwise).
 */
class EventCategoryOverrideRuleTest {

  private static final String CLOUDTRAIL = """
      {"@timestamp":"2026-12-07T10:00:0%d.000Z","event":{"category":%s,"type":%s,"action":"%s"},\
      "user":{"name":"alice"},"cloud":{"account":{"id":"111"}}}""";

  @Test
  void theCategoryIsTestedInTheNamedFieldInsteadOfEventCategory() {
    RuleSet rules = rule("event.type", "info where event.action == \"PutBucketPolicy\"");

    List<Detection> found = Engines.engine(rules).process(Engines.read(rules, List.of(
        event(0, "[\"iam\"]", "[\"info\"]", "PutBucketPolicy"),
        event(1, "[\"info\"]", "[\"change\"]", "PutBucketPolicy"),
        event(2, "[\"configuration\"]", "[\"info\",\"change\"]", "PutBucketPolicy"),
        event(3, "[\"iam\"]", "[\"info\"]", "GetBucketPolicy"))));

    assertThat(found).extracting(detection -> detection.events().get(0).timestamp())
        .as("typed info, whatever the category; the category alone does not count")
        .containsExactly(millis(0), millis(2));
  }

  @Test
  void everyStageOfASequenceTestsTheNamedField() {
    RuleSet rules = rule("event.type", """
        sequence by user.name
          [info where event.action == "CreateAccessKey"]
          [change where event.action == "AttachUserPolicy"]""");

    List<Detection> found = Engines.engine(rules).process(Engines.read(rules, List.of(
        event(0, "[\"iam\"]", "[\"info\"]", "CreateAccessKey"),
        event(1, "[\"change\"]", "[\"creation\"]", "AttachUserPolicy"),
        event(2, "[\"iam\"]", "[\"change\"]", "AttachUserPolicy"))));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).events()).extracting(event -> event.timestamp()).containsExactly(millis(0), millis(2));
  }

  @Test
  void theUntilStageAndTheFiltersOfASampleTestTheNamedFieldToo() {
    Query sequence = EqlParser.parse("""
        sequence by user.name with maxspan=1m [info where true] ![change where true] until [deletion where true]""");
    Query sample = EqlParser.parse("sample by user.name [info where true] [any where true]");

    assertThat(EventCategoryField.apply(sequence, "event.type")).hasToString(
        "sequence by user.name with maxspan=60000ms [any where ((event.type == \"info\") and true)]"
        + " ![any where ((event.type == \"change\") and true)]"
        + " until [any where ((event.type == \"deletion\") and true)]");
    assertThat(EventCategoryField.apply(sample, "event.type")).hasToString("sample by user.name"
        + " [any where ((event.type == \"info\") and true)] [any where true]");
  }

  @Test
  void anyWhereAndTheDefaultFieldLeaveTheQueryAsWritten() {
    Query any = EqlParser.parse("any where event.action == \"x\"");
    Query typed = EqlParser.parse("info where true");

    assertThat(EventCategoryField.apply(any, "event.type")).isEqualTo(any);
    assertThat(EventCategoryField.apply(typed, "event.category")).isSameAs(typed);
    assertThat(EventCategoryField.apply(typed, "event.type"))
        .hasToString("any where ((event.type == \"info\") and true)");
  }

  @Test
  void withoutTheOverrideTheSameRuleTestsEventCategory() {
    RuleSet rules = Engines.ruleOf("info where event.action == \"PutBucketPolicy\"");

    List<Detection> found = Engines.engine(rules).process(Engines.read(rules, List.of(
        event(0, "[\"iam\"]", "[\"info\"]", "PutBucketPolicy"),
        event(1, "[\"info\"]", "[\"change\"]", "PutBucketPolicy"))));

    assertThat(found).extracting(detection -> detection.events().get(0).timestamp()).containsExactly(millis(1));
  }

  private static RuleSet rule(String field, String query) {
    String toml = Engines.ruleToml("override", "override", query)
        .replace("[rule]\n", "[rule]\nevent_category_override = \"" + field + "\"\n");
    RuleSet rules = RuleCompiler.compile(List.of(new RuleSource("override.toml", toml)));
    assertThat(rules.rules().get(0).definition().eventCategoryOverride()).isEqualTo(field);
    return rules;
  }

  private static String event(int second, String categories, String types, String action) {
    return CLOUDTRAIL.formatted(second, categories, types, action);
  }

  private static long millis(int second) {
    return Instant.parse("2026-12-07T10:00:0" + second + ".000Z").toEpochMilli();
  }
}
