package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Hostile bodies, each answered with its 4xx within bounded time and bounded memory, after which
 * the service still detects a chain. Memory is measured as the bytes every thread of this JVM (the
 * server's and the client's) allocated while the request was served: bounded means a small multiple
 * of the 2 MB body limit, however large the input.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "seqwatch.ingest.max-body-size=2MB", "seqwatch.ingest.max-string-length=100000"})
class HostileInputTest extends ApiTestSupport {

  private static final long BODY_LIMIT = 2L << 20;
  private static final long MEMORY_BOUND = 8 * BODY_LIMIT;
  private static final Duration TIME_BOUND = Duration.ofSeconds(10);
  private static final AtomicInteger RUN = new AtomicInteger();
  /** 64 KiB of events, built once so that building it is not counted as the server's memory. */
  private static final byte[] CHUNK = repeatedEvents(64 * 1024);

  /** What a request cost. */
  record Cost<T>(T result, Duration elapsed, long allocated) {
  }

  private static <T> Cost<T> measure(Supplier<T> request) {
    long allocatedBefore = allocatedByAllThreads();
    long started = System.nanoTime();
    T result = request.get();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return new Cost<>(result, elapsed, allocatedByAllThreads() - allocatedBefore);
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(bytes -> bytes > 0).sum();
  }

  private static void assertBounded(Cost<?> cost) {
    assertThat(cost.elapsed()).isLessThan(TIME_BOUND);
    assertThat(cost.allocated()).as("bytes allocated").isLessThan(MEMORY_BOUND);
  }

  private static void assertProblem(Reply reply, int status, String type) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().get("type").asString()).isEqualTo("https://seqwatch.dev/problems/" + type);
    assertThat(reply.body()).doesNotContain("Exception", "\tat ", "java.", "tools.jackson", "`", "Constraints");
  }

  @AfterEach
  void theServiceStillDetects() {
    String tag = "-after-hostile-" + RUN.incrementAndGet();
    List<String> chain = Corpus.scenarios().get(0).events().stream().map(event -> EventsApiTest.rekey(event, tag))
        .toList();
    Reply reply = post("/api/v1/events", "application/json", "[" + String.join(",", chain) + "]");
    assertThat(reply.json().get("alerts")).hasSize(1);
  }

  @Test
  void randomAndMutatedBytesNeverCauseA5xx() {
    Random random = new Random(20261128);
    byte[] valid = ("[" + String.join(",", Corpus.scenarios().get(0).events()) + "]").getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 300; round++) {
      byte[] body;
      if (round % 2 == 0) {
        body = new byte[random.nextInt(4096)];
        random.nextBytes(body);
      } else {
        body = valid.clone();
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
      }
      String[] encoding = round % 5 == 0 ? new String[] {"Content-Encoding", "gzip"} : new String[0];
      String type = round % 3 == 0 ? "application/x-ndjson" : "application/json";
      Reply reply = post(round % 4 == 0 ? "/_bulk" : "/api/v1/events", type, body, encoding);

      assertThat(reply.status()).as("round %d: %s", round, reply.body()).isIn(200, 400, 413);
      if (reply.status() != 200) {
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContain("Exception", "\tat ", "`");
      }
    }
  }

  @Test
  void truncatedGzipIs400() {
    byte[] gzipped = gzip(("[" + Corpus.scenarios().get(0).events().get(0) + "]").getBytes(StandardCharsets.UTF_8));
    Cost<Reply> cost = measure(() -> post("/api/v1/events", "application/json",
        Arrays.copyOf(gzipped, gzipped.length - 10), "Content-Encoding", "gzip"));

    assertProblem(cost.result(), 400, "malformed-body");
    assertBounded(cost);
  }

  @Test
  void deeplyNestedJsonIs413NamingTheLimit() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Cost<Reply> cost = measure(() -> post("/api/v1/events", "application/json",
        "[{\"@timestamp\":0,\"deep\":" + deep + "}]"));

    assertProblem(cost.result(), 413, "limit-exceeded");
    assertThat(cost.result().json().get("limit").asString()).isEqualTo("seqwatch.ingest.max-nesting-depth");
    assertThat(cost.result().json().get("event").asInt()).isZero();
    assertBounded(cost);
  }

  @Test
  void aGzipBombStopsAtTheLimit() {
    byte[] bomb = gzip(new byte[256 << 20]);
    Cost<Reply> cost = measure(() -> post("/api/v1/events", "application/json", bomb, "Content-Encoding", "gzip"));

    assertThat(bomb.length).isLessThan(1 << 20);
    assertProblem(cost.result(), 413, "body-too-large");
    assertBounded(cost);
  }

  @Test
  void oneHundredThousandTinyEventsAre413() {
    String tiny = "[" + String.join(",", java.util.Collections.nCopies(100_000, "{}")) + "]";
    Cost<Reply> cost = measure(() -> post("/api/v1/events", "application/json", tiny));

    assertProblem(cost.result(), 413, "too-many-events");
    assertBounded(cost);
  }

  @Test
  void aHugeStringIs413NamingWhere() {
    String event = Corpus.scenarios().get(0).events().get(0);
    String huge = event.substring(0, event.lastIndexOf('}')) + ",\"message\":\"" + "A".repeat(1_500_000) + "\"}";
    Cost<Reply> cost = measure(() -> post("/api/v1/events", "application/x-ndjson", event + "\n" + huge + "\n"));

    assertProblem(cost.result(), 413, "limit-exceeded");
    assertThat(cost.result().json().get("limit").asString()).isEqualTo("seqwatch.ingest.max-string-length");
    assertThat(cost.result().json().get("event").asInt()).isEqualTo(1);
    assertThat(cost.result().json().get("detail").asString()).contains("/message").contains("1500000");
    assertBounded(cost);
  }

  @Test
  void tooManyFieldsInOneEventIs413() {
    StringBuilder fields = new StringBuilder("{\"@timestamp\":0");
    for (int i = 0; i < 1_500; i++) {
      fields.append(",\"labels\":{\"f").append(i).append("\":1}");
    }
    Cost<Reply> cost = measure(() -> post("/api/v1/events", "application/json", fields.append('}').toString()));

    assertProblem(cost.result(), 413, "limit-exceeded");
    assertThat(cost.result().json().get("limit").asString()).isEqualTo("seqwatch.ingest.max-fields-per-event");
    assertBounded(cost);
  }

  @Test
  void inBulkADocumentOverAnEventLimitFailsAsItsOwnItem() {
    String index = "{\"index\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n";
    String event = Corpus.scenarios().get(0).events().get(0);
    String deep = "{\"@timestamp\":0,\"deep\":" + "[".repeat(100) + "]".repeat(100) + "}";
    Reply reply = post("/_bulk", "application/x-ndjson",
        (index + deep + "\n" + index + event + "\n").getBytes(StandardCharsets.UTF_8),
        "Authorization", TestKeys.INGEST.header());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("items").get(0).get("index").get("status").asInt()).isEqualTo(400);
    assertThat(reply.json().get("items").get(0).get("index").get("error").get("reason").asString())
        .isEqualTo("the document nests objects and arrays more than 64 levels deep");
    assertThat(reply.json().get("items").get(1).get("index").get("status").asInt()).isEqualTo(201);
  }

  @Test
  void aDeclared100MegabyteBodyIsRefusedBeforeItIsRead() {
    Cost<RawExchange> cost = measure(() -> sendRaw("Content-Length: " + (100L << 20), false));

    assertThat(cost.result().statusLine()).startsWith("HTTP/1.1 413");
    assertThat(cost.result().bytesWritten()).isLessThan(100L << 20);
    assertBounded(cost);
  }

  @Test
  void aChunked100MegabyteBodyIsCutOffAtTheLimit() {
    Cost<RawExchange> cost = measure(() -> sendRaw("Transfer-Encoding: chunked", true));

    assertThat(cost.result().statusLine()).startsWith("HTTP/1.1 413");
    assertThat(cost.result().bytesWritten()).isLessThan(100L << 20);
    assertBounded(cost);
  }

  @Test
  void eqlSearchBoundsItsQueryAndEvents() {
    String longQuery = "process where process.name == \"" + "a".repeat(40_000) + "\"";
    Reply tooLong = post("/api/v1/eql/search", "application/json",
        "{\"query\":" + JSON.writeValueAsString(longQuery) + ",\"events\":[]}");
    assertProblem(tooLong, 400, "invalid-parameter");
    assertThat(tooLong.json().get("parameter").asString()).isEqualTo("query");

    String events = String.join(",", java.util.Collections.nCopies(10_001, "{\"@timestamp\":0}"));
    Reply tooMany = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"process where true\",\"events\":[" + events + "]}");
    assertProblem(tooMany, 400, "invalid-parameter");
    assertThat(tooMany.json().get("parameter").asString()).isEqualTo("events");

    Reply wrongShape = post("/api/v1/eql/search", "application/json", "{\"query\":\"process where true\",\"events\":5}");
    assertProblem(wrongShape, 400, "invalid-parameter");
    assertThat(wrongShape.json().get("parameter").asString()).isEqualTo("events");

    Reply deeperThanJackson = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"process where true\",\"events\":[" + "[".repeat(2_000) + "]".repeat(2_000) + "]}");
    assertProblem(deeperThanJackson, 400, "malformed-body");

    Reply nested = post("/api/v1/eql/search", "application/json",
        "{\"query\":\"process where true\",\"events\":[{\"@timestamp\":0,\"x\":" + "[".repeat(100) + "]".repeat(100)
            + "}]}");
    assertProblem(nested, 413, "limit-exceeded");
  }

  /** The status line of a hand-written exchange, and how much of the body the server took. */
  record RawExchange(String statusLine, long bytesWritten) {
  }

  /**
   * Posts 100 MB of one event repeated, written by hand so the test sees the server's answer even
   * though the server stops reading: the response is read while another thread keeps writing.
   */
  private RawExchange sendRaw(String lengthHeader, boolean chunked) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout((int) TIME_BOUND.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
          + "Authorization: " + TestKeys.INGEST.header() + "\r\n" + lengthHeader + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      AtomicLong written = new AtomicLong();
      byte[] chunk = CHUNK;
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          while (written.get() < (100L << 20)) {
            if (chunked) {
              out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(chunk);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            written.addAndGet(chunk.length);
          }
        } catch (IOException closedByServer) {
          // The server answered and closed: what the test expects.
        }
      });
      String statusLine = readLine(socket.getInputStream());
      writer.get(TIME_BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      return new RawExchange(statusLine, written.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] repeatedEvents(int size) {
    byte[] line = (Corpus.scenarios().get(0).events().get(0) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] chunk = new byte[size];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = line[i % line.length];
    }
    return chunk;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).trim();
  }
}
