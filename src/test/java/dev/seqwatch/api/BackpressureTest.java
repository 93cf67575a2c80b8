package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.ingest.IngestGate;
import dev.seqwatch.testing.Corpus;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Past the in-flight bound, ingest answers 429 with Retry-After, health still answers, and the
 * request that holds the permit is processed to the end.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"seqwatch.ingest.max-in-flight-requests=1", "seqwatch.ingest.retry-after=2s"})
class BackpressureTest extends ApiTestSupport {

  @Autowired
  IngestGate gate;

  @Test
  void requestsBeyondTheBoundAre429WithRetryAfterAndAcceptedOnesAreProcessed() throws Exception {
    String tag = "-backpressure";
    byte[] body = ("[" + String.join(",", Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, tag)).toList()) + "]").getBytes(StandardCharsets.UTF_8);
    int half = body.length / 2;

    try (Socket slow = new Socket("localhost", port)) {
      slow.setSoTimeout(30_000);
      OutputStream out = slow.getOutputStream();
      out.write(("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: " + TestKeys.INGEST.header() + "\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, half);
      out.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (gate.inFlight() == 0) {
        assertThat(System.nanoTime()).as("the first request holds the permit").isLessThan(deadline);
        Thread.sleep(10);
      }

      for (String path : new String[] {"/api/v1/events", "/_bulk"}) {
        Reply refused = post(path, "application/json", "[]");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/too-many-requests");
      }
      assertThat(post("/api/v1/events", "application/json", "[]").headers().firstValue("Retry-After")).hasValue("2");
      assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);

      out.write(body, half, body.length - half);
      out.flush();
      String response = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200").contains("\"accepted\":" + Corpus.scenarios().get(0).events().size())
          .contains("\"new\":true");
    }
    assertThat(gate.inFlight()).isZero();
    assertThat(post("/api/v1/events", "application/json", "[]").status()).isEqualTo(200);
  }
}
