package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the ASCII timelines of {@code sequences/timelines.spec}, one event per batch. A case with an
 * until event runs on the rule with {@code until}, whose chains are confirmed once the allowed
 * lateness has passed (§10.2), so the end of the case closes its windows; the others run on the
 * same rule without {@code until}, whose chains are reported as they complete.
 */
class TimelineSpecTest {

  static final RuleSet RULE = Engines.ruleOf("""
      sequence by k with maxspan=1s
        [any where stage == "A"] [any where stage == "B"] [any where stage == "C"]
      until [any where stage == "U"]
      """);

  static final RuleSet NO_UNTIL = Engines.ruleOf("""
      sequence by k with maxspan=1s
        [any where stage == "A"] [any where stage == "B"] [any where stage == "C"]
      """);

  record Case(String name, List<String> events, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() throws IOException {
    String text;
    try (InputStream in = TimelineSpecTest.class.getResourceAsStream("/sequences/timelines.spec")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> cases = new ArrayList<>();
    List<String> lines = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    for (int i = 0; i + 2 < lines.size(); i += 3) {
      String expected = lines.get(i + 2).substring(2).trim();
      cases.add(new Case(lines.get(i), List.of(lines.get(i + 1).trim().split("\\s+")),
          expected.equals("none") ? List.of() : Arrays.stream(expected.split("\\|")).map(String::trim).toList()));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void timeline(Case spec) {
    boolean until = spec.events().stream().anyMatch(token -> token.split("@")[0].contains("U"));
    RuleSet rule = until ? RULE : NO_UNTIL;
    DetectionEngine engine = Engines.engine(rule);
    Map<String, String> chainById = new HashMap<>();
    List<String> found = new ArrayList<>();

    List<List<Detection>> reported = new ArrayList<>();
    for (String token : spec.events()) {
      reported.add(engine.process(Engines.read(rule, List.of(event(token)))));
    }
    reported.add(engine.closeWindows());
    for (List<Detection> detections : reported) {
      for (Detection detection : detections) {
        String chain = describe(detection.events().stream().map(Event::id).toList());
        chainById.putIfAbsent(detection.id(), chain);
        found.add(detection.revises().isEmpty() ? chain : chain + " (revises " + detection.revises().stream()
            .map(id -> chainById.getOrDefault(id, "unknown")).collect(Collectors.joining(" and ")) + ")");
      }
    }

    assertThat(found).containsExactlyElementsOf(spec.expected());
  }

  /** Drops the default key from tokens so chains read as the spec writes them. */
  static String describe(List<String> tokens) {
    boolean oneKey = tokens.stream().allMatch(token -> !token.contains("@") || token.endsWith("@k1"));
    return tokens.stream().map(token -> oneKey ? token.replace("@k1", "") : token)
        .collect(Collectors.joining(" "));
  }

  static String event(String token) {
    int at = token.indexOf('@');
    String key = at < 0 ? "k1" : token.substring(at + 1);
    String head = at < 0 ? token : token.substring(0, at);
    int digits = 0;
    while (Character.isLetter(head.charAt(digits))) {
      digits++;
    }
    String stages = head.substring(0, digits);
    double millis = Double.parseDouble(head.substring(digits));
    long nanos = Math.round(millis * 1_000_000);
    Instant time = Instant.ofEpochSecond(1_770_000_000L).plusNanos(nanos);
    String id = at < 0 ? token + "@k1" : token;
    String stageArray = stages.chars().mapToObj(c -> "\"" + (char) c + "\"").collect(Collectors.joining(","));
    return "{\"@timestamp\":\"" + time + "\",\"event\":{\"id\":\"" + id + "\"},\"stage\":[" + stageArray + "]"
        + (key.equals("-") ? "" : ",\"k\":\"" + key + "\"") + "}";
  }
}
