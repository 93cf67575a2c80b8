package dev.seqwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a realistic stream of Elastic Defend Linux events (the documents of the corpus re-keyed
 * and re-timed) in which one event in a thousand belongs to a planted reverse-shell chain. The
 * corpus documents average 4.3 KB; the session, group and entry leader objects are dropped from
 * each, which brings them to the 2 to 2.5 KB that our sizing assumes. The benign events are the corpus' process and network events with the
 * executable, name and parent replaced by everyday ones, so that, as on a real fleet, most fail
 * every stage and about one in ten (shells started by shells) is a stage-3 candidate.
 */
final class DefendEvents {

  private static final JsonMapper JSON = new JsonMapper();
  private static final String[][] BENIGN_PROCESSES = {
      {"/usr/bin/ls", "ls"}, {"/usr/bin/cat", "cat"}, {"/usr/bin/grep", "grep"},
      {"/usr/sbin/cron", "cron"}, {"/usr/bin/python3.10", "python3.10"}, {"/usr/bin/git", "git"},
      {"/usr/lib/systemd/systemd-journald", "systemd-journald"}, {"/usr/bin/containerd-shim", "containerd-shim"},
      {"/usr/bin/bash", "bash"}, {"/usr/bin/dash", "sh"}};
  private static final String[] PARENTS = {"systemd", "sshd", "cron", "containerd-shim", "bash", "sh"};

  private final List<ObjectNode> benign = new ArrayList<>();
  private final List<List<ObjectNode>> chains = new ArrayList<>();
  private final Random random;
  private final int hosts;
  private long sequence;

  DefendEvents(long seed, int hosts) {
    this.random = new Random(seed);
    this.hosts = hosts;
    loadCorpus();
  }

  /** {@code count} events as NDJSON lines, starting at {@code start}, about 10 events per ms. */
  List<String> generate(int count, Instant start) {
    List<String> lines = new ArrayList<>(count);
    long millis = start.toEpochMilli();
    while (lines.size() < count) {
      millis += random.nextInt(3) == 0 ? 1 : 0;
      if (random.nextInt(1000) == 0 && lines.size() + 3 <= count) {
        plantChain(lines, millis);
      } else {
        lines.add(benignEvent(millis));
      }
    }
    return lines;
  }

  private String benignEvent(long millis) {
    ObjectNode event = benign.get(random.nextInt(benign.size())).deepCopy();
    String[] process = BENIGN_PROCESSES[random.nextInt(BENIGN_PROCESSES.length)];
    ObjectNode processNode = (ObjectNode) event.get("process");
    processNode.put("executable", process[0]);
    processNode.put("name", process[1]);
    if (processNode.get("parent") instanceof ObjectNode parent) {
      parent.put("name", PARENTS[random.nextInt(PARENTS.length)]);
    }
    return stamp(event, millis, "host-" + random.nextInt(hosts), "entity-" + random.nextInt(1_000_000));
  }

  private void plantChain(List<String> lines, long millis) {
    List<ObjectNode> chain = chains.get(random.nextInt(chains.size()));
    String host = "host-" + random.nextInt(hosts);
    String entity = "planted-" + random.nextLong();
    for (int stage = 0; stage < chain.size(); stage++) {
      lines.add(stamp(chain.get(stage).deepCopy(), millis + stage * 100L, host, entity));
    }
  }

  private String stamp(ObjectNode event, long millis, String host, String entity) {
    ((ObjectNode) event.get("process")).remove(List.of("entry_leader", "session_leader", "group_leader"));
    event.put("@timestamp", Instant.ofEpochMilli(millis).toString());
    ObjectNode eventNode = (ObjectNode) event.get("event");
    eventNode.put("id", Long.toHexString(random.nextLong()));
    eventNode.put("sequence", ++sequence);
    ((ObjectNode) event.get("host")).put("id", host);
    ((ObjectNode) event.get("process")).put("entity_id", entity);
    return JSON.writeValueAsString(event);
  }

  private void loadCorpus() {
    try (InputStream in = DefendEvents.class.getResourceAsStream("/corpus/reverse-shell-scenarios.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode scenario = JSON.readTree(line);
        Set<String> chainIds = new HashSet<>();
        scenario.get("expect").get("alerts").forEach(chain -> chain.forEach(id -> chainIds.add(id.asString())));
        List<ObjectNode> stages = new ArrayList<>();
        for (JsonNode event : scenario.get("events")) {
          if (!(event.get("process") instanceof ObjectNode) || !(event.get("host") instanceof ObjectNode)
              || !(event.get("event") instanceof ObjectNode)) {
            continue;
          }
          if (chainIds.contains(event.get("event").get("id").asString())) {
            stages.add((ObjectNode) event);
          } else {
            benign.add((ObjectNode) event);
          }
        }
        if (stages.size() == 3 && scenario.get("name").asString().startsWith("pos_")) {
          chains.add(stages);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
