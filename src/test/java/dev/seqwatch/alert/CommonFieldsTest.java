package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fields a Kibana shell alert carries: what every document of the chain says alike. */
class CommonFieldsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void equalValuesAreKeptAndDifferentOnesDropped() {
    assertThat(common("""
        {"host": {"id": "h1", "name": "web"}, "process": {"pid": 7, "name": "sh"}, "user": "root"}""", """
        {"host": {"id": "h1", "name": "db"}, "process": {"pid": 7, "name": "nc"}, "user": {"name": "root"}}"""))
        .isEqualTo(tree("""
            {"host": {"id": "h1"}, "process": {"pid": 7}}"""));
  }

  @Test
  void dottedKeysAndNestedObjectsNameTheSameFieldAndStayDottedOnlyWhereEveryDocumentDotsThem() {
    assertThat(common("""
        {"host.id": "h1", "host.os.type": "linux", "agent": {"id": "a"}}""", """
        {"host": {"id": "h1"}, "host.os.type": "linux", "agent.id": "a"}"""))
        .isEqualTo(tree("""
            {"host": {"id": "h1"}, "host.os.type": "linux", "agent": {"id": "a"}}"""));
  }

  @Test
  void arraysKeepTheValuesOfTheFirstThatEveryOtherHoldsEvenNone() {
    assertThat(common("""
        {"tags": ["a", "b", "c", "a"], "event": {"type": "start", "category": ["process"]}, "x": [1, {"k": 1}]}""", """
        {"tags": ["c", "a"], "event": {"type": ["start", "end"], "category": ["network"]}, "x": [{"k": 1}, 1]}"""))
        .isEqualTo(tree("""
            {"tags": ["a", "c"], "event": {"type": ["start"], "category": []}, "x": [1]}"""));
  }

  @Test
  void aFieldMissingFromOneDocumentIsNotShared() {
    assertThat(common("""
        {"host": {"id": "h1"}, "a": 1}""", """
        {"host": {"id": "h1"}, "a": 1}""", """
        {"host": {"id": "h1"}}"""))
        .isEqualTo(tree("""
            {"host": {"id": "h1"}}"""));
    assertThat(common("""
        {"a": 1}""", """
        {"b": 1}""")).isEqualTo(tree("{}"));
  }

  @Test
  void oneDocumentSharesAllOfItself() {
    String document = """
        {"@timestamp": "2026-12-07T10:00:00Z", "host.id": "h1", "process": {"args": ["-e", "/bin/sh"]}}""";

    assertThat(common(document)).isEqualTo(tree(document));
  }

  @Test
  void noDocumentsShareNothing() {
    assertThat(CommonFields.of(List.of())).isEmpty();
  }

  private static JsonNode common(String... documents) {
    return CommonFields.of(Arrays.stream(documents).map(CommonFieldsTest::tree).toList());
  }

  private static JsonNode tree(String json) {
    return JSON.readTree(json);
  }
}
