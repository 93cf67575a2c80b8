package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The promise of a 200 (issue 14): SeqWatch runs as a separate JVM on the embedded H2 store, four
 * clients post chains, the JVM is killed with SIGKILL while they post, and after a restart on the
 * same data directory every alert a response reported as new is there.
 */
class CrashDurabilityTest {

  private static final JsonMapper JSON = new JsonMapper();
  private static final Pattern PORT = Pattern.compile("started on port (\\d+)");
  private static final int CLIENTS = 4;
  /** Acknowledged alerts to wait for before the kill: enough that commits are in flight when it lands. */
  private static final int ACKNOWLEDGED_BEFORE_KILL = 60;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyAlertAcknowledgedAsNewSurvivesAKillDashNine(@TempDir Path data) throws Exception {
    killWhilePostingAndRestart(data, false);
  }

  /**
   * The same while the store rewrites its chunks all along: compaction every 50 ms, and H2 free to
   * reuse a chunk's space as soon as nothing points into it (no retention time), so that pages of
   * acknowledged alerts move while clients post and the kill lands. The kill waits until the
   * server's metrics show that compaction has rewritten chunks.
   */
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyAlertAcknowledgedAsNewSurvivesAKillDashNineWhileTheStoreCompacts(@TempDir Path data) throws Exception {
    killWhilePostingAndRestart(data, true, "--seqwatch.alerts.compaction=50ms", "--spring.datasource.url=jdbc:h2:file:"
        + data.resolve("seqwatch") + ";DB_CLOSE_ON_EXIT=FALSE;PAGE_SIZE=4096;RETENTION_TIME=0");
  }

  private void killWhilePostingAndRestart(Path data, boolean afterCompaction, String... settings) throws Exception {
    Corpus.Scenario chain = Corpus.scenarios().get(0);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
    AtomicBoolean stop = new AtomicBoolean();

    Server first = Server.start(data, settings);
    List<Thread> clients = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        int id = c;
        Thread thread = new Thread(() -> {
          for (int round = 0; !stop.get(); round++) {
            String tag = "-crash" + id + "-" + round;
            String body = "[" + String.join(",", chain.events().stream().map(e -> EventsApiTest.rekey(e, tag))
                .toList()) + "]";
            JsonNode reply;
            try {
              reply = first.post(client, body);
            } catch (IOException killed) {
              return; // the server is gone: this request was never acknowledged
            }
            for (JsonNode alert : reply.get("alerts")) {
              if (alert.get("new").asBoolean()) {
                acknowledged.add(alert.get("id").asString());
                enough.countDown();
              }
            }
          }
        }, "crash-client-" + c);
        thread.start();
        clients.add(thread);
      }
      assertThat(enough.await(60, TimeUnit.SECONDS)).as("alerts acknowledged before the kill").isTrue();
      if (afterCompaction) {
        assertThat(first.awaitMetric(client, "seqwatch_alerts_store_compactions_total", 30))
            .as("runs of compaction that rewrote chunks before the kill").isPositive();
      }
    } finally {
      first.kill(); // SIGKILL while the clients are still posting
      stop.set(true);
    }
    for (Thread thread : clients) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    Server second = Server.start(data, settings);
    try {
      List<String> missing = acknowledged.stream().filter(id -> second.status(client, id) != 200).toList();
      assertThat(missing).as("of %d alerts acknowledged as new, those missing after the restart",
          acknowledged.size()).isEmpty();
    } finally {
      second.kill();
    }
  }

  /** SeqWatch in its own JVM, on the test classpath, with the test keys. */
  private record Server(Process process, int port) {

    static Server start(Path data, String... settings) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), "dev.seqwatch.SeqwatchApplication"));
      command.addAll(List.of(TestKeys.arguments("--server.port=0", "--seqwatch.data-dir=" + data,
          "--spring.main.banner-mode=off")));
      command.addAll(List.of(settings));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder log = new StringBuilder();
      Integer port = null;
      String line;
      while ((line = output.readLine()) != null) {
        log.append(line).append('\n');
        Matcher matcher = PORT.matcher(line);
        if (matcher.find()) {
          port = Integer.parseInt(matcher.group(1));
        }
        if (line.contains("Started SeqwatchApplication")) {
          break;
        }
      }
      if (port == null || line == null) {
        process.destroyForcibly();
        throw new IllegalStateException("SeqWatch did not start:\n" + log);
      }
      Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "crash-server-output");
      drain.setDaemon(true);
      drain.start();
      return new Server(process, port);
    }

    JsonNode post(HttpClient client, String body) throws IOException {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
          .header("Content-Type", "application/json").header("Authorization", TestKeys.INGEST.header())
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> response = send(client, request);
      if (response.statusCode() != 200) {
        throw new IOException("status " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    }

    int status(HttpClient client, String alertId) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/alerts/" + alertId))
          .header("Authorization", TestKeys.READ.header()).GET().build();
      try {
        return send(client, request).statusCode();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    /**
     * The value of an unlabelled counter from the server's Prometheus text, once it is above zero,
     * or zero after {@code seconds}.
     */
    double awaitMetric(HttpClient client, String name, int seconds) throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
          .header("Authorization", TestKeys.ADMIN.header()).GET().build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      double value = 0;
      while (value <= 0 && System.nanoTime() < deadline) {
        value = send(client, request).body().lines().filter(line -> line.startsWith(name + " "))
            .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst().orElse(0);
        if (value <= 0) {
          Thread.sleep(50);
        }
      }
      return value;
    }

    /** SIGKILL on Linux: no shutdown hook, no H2 close, nothing flushed on the way out. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
