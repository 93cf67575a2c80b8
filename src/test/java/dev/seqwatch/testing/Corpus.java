package dev.seqwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The labelled scenarios of {@code corpus/reverse-shell-scenarios.jsonl}, copied from shared/. */
public final class Corpus {

  private static final JsonMapper JSON = new JsonMapper();

  private Corpus() {
  }

  /** One scenario: its events as JSON text in delivery order, and the expected chains of event.ids. */
  public record Scenario(String name, String description, List<String> events,
      List<List<String>> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Scenario> scenarios() {
    List<Scenario> scenarios = new ArrayList<>();
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/reverse-shell-scenarios.jsonl")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        List<String> events = new ArrayList<>();
        node.get("events").forEach(event -> events.add(JSON.writeValueAsString(event)));
        List<List<String>> expected = new ArrayList<>();
        node.get("expect").get("alerts").forEach(chain -> {
          List<String> ids = new ArrayList<>();
          chain.forEach(id -> ids.add(id.asString()));
          expected.add(ids);
        });
        scenarios.add(new Scenario(node.get("name").asString(), node.get("description").asString(),
            events, expected));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scenarios;
  }
}
