package dev.seqwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a running SeqWatch over HTTP/1.1 keep-alive with Defend-like NDJSON batches from N
 * concurrent connections, and reports what an operator sizing an instance needs: events per
 * second, batch latency, recall of the planted chains, false alerts, the server's heap and RSS, and
 * beside them the rate of Jackson's tokenizer alone over the same bytes on one core.
 *
 * <p>Batches go over {@link RawHttpConnection}, one keep-alive connection per worker.
 *
 * <p>Run against a started server (commands in docs/benchmarks.md):
 * {@code ./mvnw -Pjmh test-compile exec:exec -Djmh.main=dev.seqwatch.bench.LoadGenerator
 * -Djmh.args="http://localhost:8080 200000 1000 1 2 4 --pid <server pid>"}. Not part of the tests.
 * It holds each round's bodies in memory, about 3 KB an event twice over while they are made, so
 * 600,000 events need more than a quarter of a 24 GiB machine: the profile runs it with {@code
 * -Xmx8g} ({@code -Djmh.jvmArgs=…} to change it).
 *
 * <p>With {@code --pid} it also reports the server's CPU (all threads of the process, from /proc) per
 * event and its events per CPU-second beside the tokenizer's events per second on one core, the
 * efficiency figure of issue 15, and splits that CPU by thread: request threads, JIT compilers,
 * garbage collector, the rest, beside the server's page faults per event; then the request threads'
 * CPU by stage as the server's own thread clocks count it ({@code seqwatch_ingest_cpu_seconds_total}:
 * reading, matching, storing, the rest of the request, and the request threads' CPU outside it);
 * and the CPU the host's kernel memory daemons took during each round ({@link #MEMORY_DAEMONS}),
 * which on the benchmark machine set the p99 at half the peak (docs/benchmarks.md, "The slow
 * requests at half the peak"). Beside each round's latencies it prints how often, and for how long
 * at most, the machine left a thread that slept 1 ms waiting over 20 ms to run again ({@link
 * WakeUpProbe}): requests that ran during such a stall waited it out, and a p99 near the longest
 * stalls is the machine's, not the server's.
 *
 * <p>Arguments: {@code url events batch connections... [--pid P] [--warmup N] [--fixed-warmup]
 * [--windows S]}: at least N unreported warm-up rounds of {@code events} events on 2 connections
 * first (10 by default); with {@code --pid}, more, up to 4N or 40 rounds (whichever is more), until
 * the JIT compiler threads used under 5 % of the server's CPU in the last round, so that the
 * reported rounds measure a warm server; {@code --fixed-warmup} stops at N rounds whatever the JIT
 * does, as a harness with a fixed warm-up would. A share S
 * (0 to 1, 0 by default) of the benign events are Windows endpoint events ({@link WindowsEvents}),
 * so that the Windows rules of a whole rule set loaded in the server do real work. Recall and false
 * alerts count the bundled seed rule's alerts only; other rules' alerts are counted apart. At the
 * end it prints the server's evictions by size, in total and for the seed rule. The admin
 * key SeqWatch prints on first start goes in the environment variable {@code SEQWATCH_KEY}: it
 * posts the events and reads the server's heap from {@code /actuator/prometheus}.
 */
public final class LoadGenerator {

  private static final JsonMapper JSON = new JsonMapper();
  private static final String KEY = System.getenv("SEQWATCH_KEY");
  /** Reads the server's metrics; the events go over {@link RawHttpConnection}. */
  private static final HttpClient METRICS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Linux's USER_HZ, the unit of /proc/<pid>/stat CPU times, 100 on every mainstream kernel. */
  private static final double CLOCK_TICKS = 100;
  private static final String SEED_RULE = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";
  private static String serverPid;
  private static double windowsShare;

  private LoadGenerator() {
  }

  record Run(int connections, long events, double seconds, long[] latenciesMicros, int planted, int found,
      int falseAlerts, int otherAlerts, double serverCores, double generatorCores,
      Map<String, Long> serverTicksByThread, long serverPageFaults, double[] stageSeconds,
      Map<String, Long> memoryDaemonTicks, long[] wakeUpLateMicros) {
    double eventsPerSecond() {
      return events / seconds;
    }

    /** Events per second of server CPU, all of its threads. */
    double eventsPerServerCpuSecond() {
      return eventsPerSecond() / serverCores;
    }

    /** Server CPU per event in microseconds, for one group of its threads. */
    double micros(String threads) {
      return serverTicksByThread.getOrDefault(threads, 0L) / CLOCK_TICKS * 1e6 / events;
    }

    /** CPU of one of the host's {@link #MEMORY_DAEMONS} during the round, in ms per second. */
    double daemonMillisPerSecond(String daemon) {
      return memoryDaemonTicks.getOrDefault(daemon, 0L) / CLOCK_TICKS * 1e3 / seconds;
    }

    /** The server's ingest CPU per event in microseconds, in one of {@link #STAGES}. */
    double stageMicros(int stage) {
      return stageSeconds[stage] * 1e6 / events;
    }

    double jitShare() {
      long all = serverTicksByThread.values().stream().mapToLong(Long::longValue).sum();
      return all == 0 ? 0 : serverTicksByThread.getOrDefault(JIT, 0L) / (double) all;
    }

    long percentile(double p) {
      long[] sorted = latenciesMicros.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * How many times the {@link WakeUpProbe} woke over 20 ms late during the round: each is a
     * stall of the machine that any request running then waited out. Counted, not taken as a
     * percentile of the probe's wake-ups: a stall of 50 ms is one late wake-up among fifty on time.
     */
    long machineStalls() {
      return Arrays.stream(wakeUpLateMicros).filter(late -> late > 20_000).count();
    }

    /** The latest the {@link WakeUpProbe} woke during the round, in microseconds. */
    long longestMachineStall() {
      return wakeUpLateMicros.length == 0 ? 0 : wakeUpLateMicros[wakeUpLateMicros.length - 1];
    }
  }

  private static HttpRequest.Builder withKey(HttpRequest.Builder request) {
    return KEY == null ? request : request.header("X-API-Key", KEY);
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int events = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    List<Integer> connections = new ArrayList<>();
    String pid = null;
    int warmupRounds = 10;
    boolean fixedWarmup = false;
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("--pid")) {
        pid = args[++i];
        serverPid = pid;
      } else if (args[i].equals("--warmup")) {
        warmupRounds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--fixed-warmup")) {
        fixedWarmup = true;
      } else if (args[i].equals("--windows")) {
        windowsShare = Double.parseDouble(args[++i]);
      } else {
        connections.add(Integer.parseInt(args[i]));
      }
    }
    Instant start = Instant.parse("2026-03-02T08:00:00Z");
    List<Run> runs = new ArrayList<>();
    // The yardstick is measured first, on the first measured round's bytes, while the server is
    // idle, and again before each round, keeping the best. Measured only after a fixed warm-up, it
    // shared the two cores with the server's compilers and came out up to 1.8 times slower, which
    // flattered the ratio (docs/benchmarks.md, runs "oneA" and "oneB").
    DefendEvents firstSource = new DefendEvents(1000, 5_000, windowsShare);
    List<byte[]> firstBatches = batches(firstSource.generate(events, start.plus(Duration.ofHours(1))), batch);
    double tokenizer = tokenizerRate(firstBatches, events);
    int round = 0;
    // Warm-up, not reported: on two cores the server's JIT compilers take seconds of CPU before
    // the hot path settles. After one full run with four warm-up rounds, C2 had used 18.8 s of CPU
    // against 20.5 s for all request threads; a long-running instance pays that once. The
    // per-request code (Tomcat, Spring, security) runs a thousand times less often than the
    // per-event code and reaches the C2 thresholds last, so with --pid the warm-up goes on until
    // the compilers are quiet. The rounds use 2 connections: taking turns with the run's
    // connection counts (2, 8, 2, ...) did not make C2 quieter (docs/benchmarks.md, runs f1, f2).
    // Up to 40 rounds: with one rule, 8 rounds (1.6 M events) still left the compilers at 27 % of
    // the server's CPU; they fell under 5 % after 31 rounds (docs/benchmarks.md, run "onewarm").
    int maxWarmupRounds = pid == null || fixedWarmup ? warmupRounds : Math.max(4 * warmupRounds, 40);
    for (int w = 0; w < maxWarmupRounds; w++) {
      DefendEvents warmup = new DefendEvents(7 + w, 5_000, windowsShare);
      Run warm = drive(url, batches(warmup.generate(events, start.minus(Duration.ofHours(maxWarmupRounds - w))),
          batch), 2, warmup.planted(), 0);
      if (w + 1 >= warmupRounds && (pid == null || warm.jitShare() < 0.05) || w + 1 == maxWarmupRounds) {
        System.out.printf("warm-up: %d rounds of %,d events; the JIT compilers used %.1f %% of the server's CPU"
            + " in the last%n", w + 1, events, 100 * warm.jitShare());
        break;
      }
    }
    for (int c : connections) {
      DefendEvents source = round == 0 ? firstSource : new DefendEvents(1000 + round, 5_000, windowsShare);
      List<byte[]> batches = round == 0 ? firstBatches
          : batches(source.generate(events, start.plus(Duration.ofHours(round + 1))), batch);
      round++;
      tokenizer = Math.max(tokenizer, tokenizerRate(batches, events));
      runs.add(drive(url, batches, c, source.planted(), 0));
    }
    Run peak = runs.stream().max((a, b) -> Double.compare(a.eventsPerSecond(), b.eventsPerSecond())).orElseThrow();
    // p99 at half the peak rate, with each connection count: latency when the server has headroom.
    List<Run> halves = new ArrayList<>();
    for (int c : connections) {
      // Seeds of their own: a paced round with a peak round's seed sent that round's events again
      // (same event ids, so every alert was already stored), which measured redelivery, not load.
      DefendEvents halfSource = new DefendEvents(2000 + round, 5_000, windowsShare);
      List<byte[]> halfBatches = batches(halfSource.generate(events, start.plus(Duration.ofHours(++round))), batch);
      halves.add(drive(url, halfBatches, c, halfSource.planted(), peak.eventsPerSecond() / 2));
    }

    System.out.printf("%nJackson tokenizer alone, one core, same bytes: %,.0f events/s%n%n", tokenizer);
    System.out.println("| connections | events/s | % of tokenizer | p50 ms | p99 ms | max ms | machine stalls over 20 ms,"
        + " count / longest ms | planted | found | false | other rules' alerts | server cores | generator cores"
        + " | server events per CPU-s | ÷ tokenizer |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Run run : runs) {
      print(run, tokenizer, "");
    }
    for (Run half : halves) {
      print(half, tokenizer, String.format(", paced at half the peak (%,.0f/s)", peak.eventsPerSecond() / 2));
    }
    if (pid != null) {
      System.out.printf("%nServer CPU per event, µs, by thread (tokenizer: %.2f µs per event on one core)%n%n",
          1e6 / tokenizer);
      System.out.println("| connections | all threads | " + String.join(" | ", THREAD_GROUPS)
          + " | page faults per 1,000 events |");
      System.out.println("|---|---|" + "---|".repeat(THREAD_GROUPS.size() + 1));
      List<Run> all = new ArrayList<>(runs);
      all.addAll(halves);
      for (Run run : all) {
        StringBuilder row = new StringBuilder().append("| ").append(run.connections())
            .append(halves.contains(run) ? " (paced)" : "").append(String.format(" | %.2f", 1e6 / run.eventsPerServerCpuSecond()));
        for (String group : THREAD_GROUPS) {
          row.append(String.format(" | %.2f", run.micros(group)));
        }
        row.append(String.format(" | %.0f", run.serverPageFaults() * 1000.0 / run.events()));
        System.out.println(row.append(" |"));
      }
      // The server's own clocks per stage: "rest" is the request beyond its stages (the body off the
      // socket, Spring MVC, the response), "outside" the request threads' CPU beyond the ingest
      // requests (Tomcat's parsing, security, idle polling).
      System.out.printf("%nRequest threads' CPU per event, µs, by stage (the server's seqwatch_ingest_cpu_seconds_total)%n%n");
      System.out.println("| connections | read | match | store | rest of the request | outside the request |");
      System.out.println("|---|---|---|---|---|---|");
      for (Run run : all) {
        double request = run.stageMicros(0);
        double threads = run.micros(REQUESTS) + run.micros(REQUESTS_KERNEL);
        System.out.printf("| %d%s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", run.connections(),
            halves.contains(run) ? " (paced)" : "", run.stageMicros(1), run.stageMicros(2), run.stageMicros(3),
            request - run.stageMicros(1) - run.stageMicros(2) - run.stageMicros(3), threads - request);
      }
      System.out.printf("%nThe host's kernel memory daemons during each round, ms of CPU per second (cores they took"
          + " from the server and the generator)%n%n");
      System.out.println("| connections | " + String.join(" | ", MEMORY_DAEMONS) + " |");
      System.out.println("|---|" + "---|".repeat(MEMORY_DAEMONS.size()));
      for (Run run : all) {
        StringBuilder row = new StringBuilder().append("| ").append(run.connections())
            .append(halves.contains(run) ? " (paced)" : "");
        for (String daemon : MEMORY_DAEMONS) {
          row.append(String.format(" | %.0f", run.daemonMillisPerSecond(daemon)));
        }
        System.out.println(row.append(" |"));
      }
    }
    String metrics = prometheus(url);
    double heap = metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    System.out.printf("%nserver heap used: %.0f MiB%n", heap / (1 << 20));
    System.out.printf("server evictions by size: %.0f in total, %.0f of the seed rule%n",
        sample(metrics, "seqwatch_engine_discards_total{reason=\"evicted_by_size\"}"),
        sample(metrics, "seqwatch_engine_rule_discards_total{reason=\"evicted_by_size\",rule_id=\"" + SEED_RULE + "\"}"));
    if (pid != null) {
      Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM")).forEach(line -> System.out.println("server " + line));
    }
  }

  private static void print(Run run, double tokenizer, String note) {
    System.out.printf("| %d%s | %,.0f | %.0f %% | %.1f | %.1f | %.1f | %d / %.1f | %d | %d | %d | %d | %.2f | %.2f | %,.0f"
        + " | **%.2f** |%n",
        run.connections(), note, run.eventsPerSecond(), 100 * run.eventsPerSecond() / tokenizer,
        run.percentile(0.5) / 1000.0, run.percentile(0.99) / 1000.0, run.percentile(1.0) / 1000.0,
        run.machineStalls(), run.longestMachineStall() / 1000.0, run.planted(),
        run.found(), run.falseAlerts(), run.otherAlerts(), run.serverCores(), run.generatorCores(),
        run.eventsPerServerCpuSecond(), run.eventsPerServerCpuSecond() / tokenizer);
  }

  /** The server's metrics, as Prometheus scrapes them. */
  private static String prometheus(String url) throws Exception {
    return METRICS.send(withKey(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of one Prometheus sample, {@code name{labels}} exactly, or 0 if absent. */
  private static double sample(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static List<byte[]> batches(List<String> lines, int size) {
    List<byte[]> batches = new ArrayList<>();
    for (int from = 0; from < lines.size(); from += size) {
      batches.add((String.join("\n", lines.subList(from, Math.min(lines.size(), from + size))) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    return batches;
  }

  private static double tokenizerRate(List<byte[]> batches, int events) {
    JsonFactory factory = new JsonFactory();
    double best = 0;
    for (int round = 0; round < 3; round++) {
      long started = System.nanoTime();
      long tokens = 0;
      for (byte[] body : batches) {
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), body, 0, body.length)) {
          while (parser.nextToken() != null) {
            tokens++;
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (tokens == 0) {
        throw new IllegalStateException("no tokens read");
      }
      best = Math.max(best, events / seconds);
    }
    return best;
  }

  private static Run drive(String url, List<byte[]> batches, int connections,
      List<List<String>> planted, double pacedEventsPerSecond) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[batches.size()];
    List<Set<List<String>>> found = new ArrayList<>();
    AtomicInteger otherAlerts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    // Scraped before the server's CPU is read: a whole rule set's metrics are 13,000 samples, and
    // their scrape (70 ms of the server's CPU, warm) is not the round's work.
    double[] stagesBefore = stageSeconds(url);
    long generatorCpu = generatorCpuNanos();
    long serverCpu = serverCpuTicks();
    long serverFaults = serverPageFaults();
    Map<String, Long> serverThreads = serverTicksByThread();
    Map<String, Long> daemons = memoryDaemonTicks();
    long linesPerBatch = countLines(batches.get(0));
    WakeUpProbe probe = WakeUpProbe.start();
    long started = System.nanoTime();
    List<Future<Set<List<String>>>> workers = new ArrayList<>();
    for (int w = 0; w < connections; w++) {
      workers.add(pool.submit(() -> {
        Set<List<String>> chains = new HashSet<>();
        int i;
        try (RawHttpConnection connection = new RawHttpConnection(URI.create(url))) {
          while ((i = next.getAndIncrement()) < batches.size()) {
            if (pacedEventsPerSecond > 0) {
              long due = started + (long) (i * linesPerBatch * 1e9 / pacedEventsPerSecond);
              long wait = due - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
            }
            long sent = System.nanoTime();
            RawHttpConnection.Response response = connection.post("/api/v1/events", "application/x-ndjson", KEY,
                batches.get(i));
            latencies[i] = (System.nanoTime() - sent) / 1_000;
            if (response.status() != 200) {
              throw new IllegalStateException("batch " + i + " answered " + response.status() + ": " + response.body());
            }
            for (JsonNode alert : JSON.readTree(response.body()).get("alerts")) {
              if (!SEED_RULE.equals(alert.path("rule").path("id").asString(""))) {
                otherAlerts.incrementAndGet();
                continue;
              }
              List<String> ids = new ArrayList<>();
              alert.get("events").forEach(event -> ids.add(event.get("event").get("id").asString()));
              chains.add(ids);
            }
          }
        }
        return chains;
      }));
    }
    for (Future<Set<List<String>>> worker : workers) {
      found.add(worker.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] wakeUpLate = probe.stop();
    double generatorCores = (generatorCpuNanos() - generatorCpu) / 1e9 / seconds;
    double serverCores = serverPid == null ? Double.NaN : (serverCpuTicks() - serverCpu) / CLOCK_TICKS / seconds;
    Map<String, Long> threadTicks = serverTicksByThread();
    serverThreads.forEach((group, ticks) -> threadTicks.merge(group, -ticks, Long::sum));
    Map<String, Long> daemonTicks = memoryDaemonTicks();
    daemons.forEach((daemon, ticks) -> daemonTicks.merge(daemon, -ticks, Long::sum));
    double[] stages = stageSeconds(url);
    for (int stage = 0; stage < stages.length; stage++) {
      stages[stage] -= stagesBefore[stage];
    }
    pool.shutdown();
    Set<List<String>> all = new HashSet<>();
    found.forEach(all::addAll);
    Set<List<String>> expected = new HashSet<>(planted);
    int hits = (int) all.stream().filter(expected::contains).count();
    long total = batches.stream().mapToLong(LoadGenerator::countLines).sum();
    return new Run(connections, total, seconds, latencies, planted.size(), hits, all.size() - hits,
        otherAlerts.get(), serverCores, generatorCores, threadTicks, serverPageFaults() - serverFaults, stages,
        daemonTicks, wakeUpLate);
  }

  /** The server's ingest stages, as it counts them ({@code seqwatch_ingest_cpu_seconds_total}). */
  private static final List<String> STAGES = List.of("request", "read", "match", "store");

  /** The server's ingest CPU seconds so far, by stage, in the order of {@link #STAGES}. */
  private static double[] stageSeconds(String url) throws Exception {
    String metrics = prometheus(url);
    return STAGES.stream().mapToDouble(stage -> sample(metrics, "seqwatch_ingest_cpu_seconds_total{stage=\"" + stage + "\"}"))
        .toArray();
  }

  /** CPU time of this process, the generator, in all its threads. */
  private static long generatorCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** User plus system CPU of the server from /proc, in clock ticks; 0 without --pid. */
  private static long serverCpuTicks() {
    ProcStat stat = serverStat();
    return stat == null ? 0 : stat.cpuTicks();
  }

  /**
   * Page faults of the server so far, minor and major; 0 without --pid. A heap page the process
   * touches for the first time faults, and the kernel clears it: at a short warm-up that was a
   * quarter of the server's CPU (docs/benchmarks.md), seen otherwise only as kernel time.
   */
  private static long serverPageFaults() {
    ProcStat stat = serverStat();
    return stat == null ? 0 : Long.parseLong(stat.fields()[7]) + Long.parseLong(stat.fields()[9]);
  }

  /** The server's /proc/<pid>/stat; null without --pid. */
  private static ProcStat serverStat() {
    if (serverPid == null) {
      return null;
    }
    try {
      return ProcStat.parse(Files.readString(Path.of("/proc/" + serverPid + "/stat")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A process's or thread's /proc stat line: its command name, and the fields after the name, from
   * the state (field 3) on, so that field {@code n} of proc(5) is {@code fields[n - 3]}.
   */
  private record ProcStat(String name, String[] fields) {
    static ProcStat parse(String stat) {
      return new ProcStat(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
          stat.substring(stat.lastIndexOf(')') + 2).split(" "));
    }

    /** The stat of {@code file}, or null if its process or thread has ended. */
    static ProcStat readIfAlive(Path file) {
      try {
        return parse(Files.readString(file));
      } catch (java.io.IOException ended) {
        return null;
      }
    }

    long userTicks() {
      return Long.parseLong(fields[11]);
    }

    long systemTicks() {
      return Long.parseLong(fields[12]);
    }

    long cpuTicks() {
      return userTicks() + systemTicks();
    }
  }

  private static final String REQUESTS = "request threads, user";
  private static final String REQUESTS_KERNEL = "request threads, kernel";
  private static final String JIT = "JIT compilers";
  private static final String GC = "GC";
  private static final String OTHER = "other";
  private static final List<String> THREAD_GROUPS = List.of(REQUESTS, REQUESTS_KERNEL, JIT, GC, OTHER);

  /**
   * User plus system CPU of the server's threads from /proc/<pid>/task, in clock ticks, by group:
   * Tomcat's request threads (user and kernel time apart: the kernel's is mostly reading the
   * socket), the JIT compilers, the collector (its workers and the VM thread that
   * runs its pauses), and the rest. A thread that ended during a round is not counted.
   */
  private static Map<String, Long> serverTicksByThread() {
    Map<String, Long> groups = new TreeMap<>();
    if (serverPid == null) {
      return groups;
    }
    try (var tasks = Files.list(Path.of("/proc/" + serverPid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        ProcStat stat = ProcStat.readIfAlive(task.resolve("stat"));
        if (stat == null) {
          continue;
        }
        String name = stat.name();
        if (name.startsWith("http-nio")) {
          groups.merge(REQUESTS, stat.userTicks(), Long::sum);
          groups.merge(REQUESTS_KERNEL, stat.systemTicks(), Long::sum);
          continue;
        }
        String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? JIT
            : name.startsWith("GC Thread") || name.equals("VM Thread") ? GC : OTHER;
        groups.merge(group, stat.cpuTicks(), Long::sum);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return groups;
  }

  /**
   * The kernel threads that manage the host's memory: DAMON's monitor, which on the benchmark
   * machine runs a pageout scheme and took a core for 20–90 ms every 0.6 s under load, page
   * reclaim and compaction. Their CPU is in no process's, so it is read apart.
   */
  private static final List<String> MEMORY_DAEMONS = List.of("kdamond", "kswapd", "kcompactd");

  /** CPU of the host's {@link #MEMORY_DAEMONS} so far, in clock ticks, by daemon; empty without /proc. */
  private static Map<String, Long> memoryDaemonTicks() {
    Map<String, Long> ticks = new TreeMap<>();
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        ProcStat stat = ProcStat.readIfAlive(process.resolve("stat"));
        for (String daemon : MEMORY_DAEMONS) {
          if (stat != null && stat.name().startsWith(daemon)) {
            ticks.merge(daemon, stat.cpuTicks(), Long::sum);
          }
        }
      }
    } catch (java.io.IOException noProc) {
      // Not Linux: no daemons to read.
    }
    return ticks;
  }

  private static long countLines(byte[] body) {
    long lines = 0;
    for (byte b : body) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
