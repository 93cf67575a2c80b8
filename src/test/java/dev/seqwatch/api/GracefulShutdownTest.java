package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.testing.Corpus;
import jakarta.servlet.Filter;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A request that is in flight when shutdown begins still completes, and the alert it reports is
 * committed. The request is written by hand on a socket: headers and half the body, then shutdown
 * starts, then the rest of the body.
 */
class GracefulShutdownTest {

  @Test
  void anInFlightRequestFinishesAndItsAlertIsCommitted(@TempDir Path data) throws Exception {
    byte[] body = ("[" + String.join(",", Corpus.scenarios().get(0).events()) + "]").getBytes(StandardCharsets.UTF_8);
    int half = body.length / 2;
    ConfigurableApplicationContext app = start(data);
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);

    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: " + TestKeys.INGEST.header() + "\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, half);
      out.flush();
      awaitUpTo("the request to reach the application", () -> InFlightProbe.ENTERED.getCount() == 0);

      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::close);
      awaitUpTo("shutdown to begin", () -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
      Thread.sleep(200); // from refusing traffic to the web server's graceful stop
      out.write(body, half, body.length - half);
      out.flush();

      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      shutdown.get(30, TimeUnit.SECONDS);
      assertThat(response).startsWith("HTTP/1.1 200").contains("\"new\":true");
    }
    try (ConfigurableApplicationContext again = start(data)) {
      assertThat(again.getBean(AlertStore.class).count()).isEqualTo(1);
    }
  }

  private static void awaitUpTo(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Tells the test when a request has reached the application, so shutdown can start mid-request. */
  @Configuration(proxyBeanMethods = false)
  static class InFlightProbe {
    static final CountDownLatch ENTERED = new CountDownLatch(1);

    @Bean
    FilterRegistrationBean<Filter> inFlightProbe() {
      return new FilterRegistrationBean<>((request, response, chain) -> {
        ENTERED.countDown();
        chain.doFilter(request, response);
      });
    }
  }

  private static ConfigurableApplicationContext start(Path data) {
    return new SpringApplicationBuilder(SeqwatchApplication.class, InFlightProbe.class)
        .run(TestKeys.arguments("--server.port=0", "--seqwatch.data-dir=" + data));
  }
}
