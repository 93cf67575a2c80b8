package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.testing.Corpus;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request that is in flight when shutdown begins still completes, and the alert it reports is
 * committed: the body is sent in two halves with the shutdown started in between.
 */
class GracefulShutdownTest {

  @Test
  void anInFlightRequestFinishesAndItsAlertIsCommitted(@TempDir Path data) throws Exception {
    byte[] body = ("[" + String.join(",", Corpus.scenarios().get(0).events()) + "]").getBytes(StandardCharsets.UTF_8);
    ConfigurableApplicationContext app = start(data);
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    PipedOutputStream sender = new PipedOutputStream();
    PipedInputStream stream = new PipedInputStream(sender, body.length);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> stream),
            body.length))
        .build();

    CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString());
    sender.write(body, 0, body.length / 2);
    sender.flush();
    Thread.sleep(300); // let the server start reading the request before shutdown begins
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::close);
    Thread.sleep(300); // shutdown is now waiting for the active request
    sender.write(body, body.length / 2, body.length - body.length / 2);
    sender.close();

    HttpResponse<String> reply = response.get(30, java.util.concurrent.TimeUnit.SECONDS);
    shutdown.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(reply.statusCode()).isEqualTo(200);
    String id = new JsonMapper().readTree(reply.body()).get("alerts").get(0).get("id").asString();
    try (ConfigurableApplicationContext again = start(data)) {
      assertThat(again.getBean(AlertStore.class).find(id)).isPresent();
    }
  }

  private static ConfigurableApplicationContext start(Path data) {
    return new SpringApplicationBuilder(SeqwatchApplication.class)
        .properties("server.port=0", "seqwatch.data-dir=" + data)
        .run();
  }
}
