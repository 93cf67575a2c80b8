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
 * each, which brings them to the 2 to 2.5 KB that our sizing assumes. The benign events are the
 * corpus' Linux process and network events with the executable, name and parent replaced by
 * everyday ones, so that, as on a real fleet, most fail every stage and about one in ten (shells
 * started by shells) is a stage-3 candidate. A share of the benign events can be Windows endpoint
 * events instead ({@link WindowsEvents}), so that the Windows rules of a whole rule set do real
 * work.
 */
public final class DefendEvents {

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
  private final List<List<String>> planted = new ArrayList<>();
  private final WindowsEvents windows;
  private final double windowsShare;
  private long sequence;

  DefendEvents(long seed, int hosts) {
    this(seed, hosts, 0);
  }

  /** @param windowsShare the share of benign events that are Windows events, 0 to 1 */
  public DefendEvents(long seed, int hosts, double windowsShare) {
    this.random = new Random(seed);
    this.hosts = hosts;
    this.windows = new WindowsEvents(random, hosts);
    this.windowsShare = windowsShare;
    loadCorpus();
  }

  /** The event.ids of every planted chain, in stage order. */
  List<List<String>> planted() {
    return planted;
  }

  /**
   * {@code count} events as NDJSON lines, starting at {@code start}, about 3 events per ms. One in
   * a thousand starts a planted chain. A third of the chains arrive in order and together; a third
   * arrive in order but spread over about 1,400 events, so across batches; a third arrive spread
   * and reversed (stage 3 first), so later stages reach the server before earlier ones. All stay
   * well within the default allowed lateness.
   */
  public List<String> generate(int count, Instant start) {
    List<String> lines = new ArrayList<>(count);
    java.util.TreeMap<Integer, List<String>> deferred = new java.util.TreeMap<>();
    long millis = start.toEpochMilli();
    while (lines.size() < count) {
      if (!deferred.isEmpty() && deferred.firstKey() <= lines.size()) {
        lines.addAll(deferred.pollFirstEntry().getValue());
        continue;
      }
      millis += random.nextInt(3) == 0 ? 1 : 0;
      if (random.nextInt(1000) == 0 && lines.size() + 1_500 < count) {
        List<String> chain = plantChain(millis);
        switch (random.nextInt(3)) {
          case 0 -> lines.addAll(chain);
          case 1 -> {
            lines.add(chain.get(0));
            deferred.computeIfAbsent(lines.size() + 700, k -> new ArrayList<>()).add(chain.get(1));
            deferred.computeIfAbsent(lines.size() + 1_400, k -> new ArrayList<>()).add(chain.get(2));
          }
          default -> {
            lines.add(chain.get(2));
            deferred.computeIfAbsent(lines.size() + 700, k -> new ArrayList<>()).add(chain.get(1));
            deferred.computeIfAbsent(lines.size() + 1_400, k -> new ArrayList<>()).add(chain.get(0));
          }
        }
      } else if (windowsShare > 0 && random.nextDouble() < windowsShare) {
        lines.add(stamp(windows.next(), millis, "win-" + random.nextInt(hosts), "entity-" + random.nextInt(1_000_000)));
      } else {
        lines.add(benignEvent(millis));
      }
    }
    deferred.values().forEach(lines::addAll);
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

  private List<String> plantChain(long millis) {
    List<ObjectNode> chain = chains.get(random.nextInt(chains.size()));
    String host = "host-" + random.nextInt(hosts);
    String entity = "planted-" + random.nextLong();
    List<String> lines = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int stage = 0; stage < chain.size(); stage++) {
      ObjectNode event = chain.get(stage).deepCopy();
      lines.add(stamp(event, millis + stage * 100L, host, entity));
      ids.add(event.get("event").get("id").asString());
    }
    planted.add(ids);
    return lines;
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

  /**
   * Whether the corpus event is tagged {@code host.os.type: linux}. The corpus also holds
   * near-misses tagged {@code windows}, {@code macos} or {@code Linux}, there to test the seed
   * rule's condition on the type; given Linux process names they were events no Defend agent
   * writes, and a Windows rule that expects an extension on a Windows process name flagged every
   * one (docs/benchmarks.md, fortieth session).
   */
  private static boolean isLinux(JsonNode event) {
    return "linux".equals(event.path("host").path("os").path("type").asString(null));
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
        List<String> firstChain = new ArrayList<>();
        if (!scenario.get("expect").get("alerts").isEmpty()) {
          scenario.get("expect").get("alerts").get(0).forEach(id -> firstChain.add(id.asString()));
        }
        ObjectNode[] stages = new ObjectNode[firstChain.size()];
        for (JsonNode event : scenario.get("events")) {
          if (!(event.get("process") instanceof ObjectNode) || !(event.get("host") instanceof ObjectNode)
              || !(event.get("event") instanceof ObjectNode)) {
            continue;
          }
          String id = event.get("event").get("id").asString();
          int stage = firstChain.indexOf(id);
          if (stage >= 0) {
            // In stage order, not delivery order: some scenarios deliver their chain out of order.
            stages[stage] = (ObjectNode) event;
          } else if (!chainIds.contains(id) && isLinux(event)) {
            benign.add((ObjectNode) event);
          }
        }
        if (stages.length == 3 && java.util.Arrays.stream(stages).allMatch(java.util.Objects::nonNull)
            && scenario.get("name").asString().startsWith("pos_")) {
          chains.add(List.of(stages));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
