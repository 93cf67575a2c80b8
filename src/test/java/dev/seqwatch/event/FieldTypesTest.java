package dev.seqwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldTypesTest {

  @ParameterizedTest(name = "{0} is {1} (ignore_above {2})")
  @CsvSource({
      "@timestamp, DATE, 2147483647",
      "event.created, DATE, 2147483647",
      "process.pid, LONG, 2147483647",
      "process.parent.pid, LONG, 2147483647",
      "destination.port, LONG, 2147483647",
      "source.ip, IP, 2147483647",
      "host.ip, IP, 2147483647",
      "process.interactive, BOOLEAN, 2147483647",
      "process.name, KEYWORD, 1024",
      "process.Ext.api.name, KEYWORD, 1024",
      "process.command_line, KEYWORD, 2147483647",
      "event.risk_score, DOUBLE, 2147483647",
      "message, TEXT, 2147483647",
      "my_custom_field, DYNAMIC, 256",
  })
  void ecsTypesAreBundledAndUnknownFieldsAreDynamic(String field, FieldType type, int ignoreAbove) {
    FieldMapping mapping = FieldTypes.ecs().of(field);
    assertThat(mapping.type()).isEqualTo(type);
    assertThat(mapping.ignoreAbove()).isEqualTo(ignoreAbove);
  }

  @Test
  void aCreateIndexBodyAnIndexTemplateAndAGetMappingAnswerAreAllMappings() {
    String properties = "{\"properties\":{\"v\":{\"type\":\"version\"}}}";
    for (String json : new String[] {
        properties,
        "{\"mappings\":" + properties + "}",
        "{\"index_patterns\":[\"x-*\"],\"template\":{\"mappings\":" + properties + "}}",
        "{\"my-index\":{\"mappings\":" + properties + "}}"}) {
      assertThat(FieldTypes.ecs().withMapping("m.json", json).of("v").type()).isEqualTo(FieldType.VERSION);
    }
  }

  @Test
  void objectsNestMultiFieldsAddNamesAndAliasesTakeTheirTarget() {
    FieldTypes types = FieldTypes.ecs().withMapping("m.json", """
        {"properties": {
          "user": {"properties": {"id": {"type": "long", "null_value": -1}}},
          "title": {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 10}}},
          "uid": {"type": "alias", "path": "user.id"},
          "where": {"type": "geo_point"}
        }}
        """);
    assertThat(types.of("user.id")).isEqualTo(new FieldMapping(FieldType.LONG, FieldMapping.UNLIMITED, "-1"));
    assertThat(types.of("title")).isEqualTo(new FieldMapping(FieldType.KEYWORD, 10, null));
    assertThat(types.of("title.raw").type()).isEqualTo(FieldType.KEYWORD);
    assertThat(types.of("uid").type()).isEqualTo(FieldType.LONG);
    assertThat(types.of("where")).isEqualTo(FieldMapping.DYNAMIC);
  }

  @Test
  void commentLinesAndTypesThatAreNotValuesAreSkipped() {
    FieldTypes types = FieldTypes.ecs().withMapping("m.json",
        "# a comment\n{\"properties\":{\"a\":{\"type\":\"[placeholder]\"},\"b\":{\"type\":\"long\"}}}");
    assertThat(types.of("a")).isEqualTo(FieldMapping.DYNAMIC);
    assertThat(types.of("b").type()).isEqualTo(FieldType.LONG);
  }

  @Test
  void aUserMappingWinsOverEcs() {
    FieldTypes types = FieldTypes.ecs().withMapping("m.json",
        "{\"properties\":{\"process\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}}}}");
    assertThat(types.of("process.name").ignoreAbove()).isEqualTo(FieldMapping.UNLIMITED);
    assertThat(types.of("process.pid").type()).isEqualTo(FieldType.LONG);
  }

  @Test
  void somethingThatIsNotAMappingIsRefusedNamingTheFile() {
    assertThatThrownBy(() -> FieldTypes.ecs().withMapping("bad.json", "{\"a\":1,\"b\":2}"))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("bad.json: no \"properties\" found");
    assertThatThrownBy(() -> FieldTypes.ecs().withMapping("bad.json", "{"))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("bad.json: not valid JSON");
  }
}
