package dev.seqwatch.api;

import dev.seqwatch.testing.TestDirectories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the full-server tests: the application on a random port with its data directory in a
 * fresh temporary folder, one key per role and a Basic user, and a real HTTP client. Requests go
 * with the admin key unless a test names other credentials.
 */
abstract class ApiTestSupport {

  static final JsonMapper JSON = new JsonMapper();
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final Path DATA_DIR = TestDirectories.create("seqwatch-api-test");

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void dataDirectoryAndKeys(DynamicPropertyRegistry registry) {
    registry.add("seqwatch.data-dir", DATA_DIR::toString);
    TestKeys.properties().forEach((name, value) -> registry.add(name, () -> value));
    // Tests try wrong keys on purpose, all from one address; FailedAttemptsTest sets a bound to check.
    registry.add("seqwatch.security.failed-attempts.max-per-address",
        () -> "${test.failed-attempts.max-per-address:1000000}");
  }

  record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", TestKeys.ADMIN.header()).build());
  }

  /** Any request; with no {@code Authorization} or {@code X-API-Key} among the headers, none is sent. */
  Reply exchange(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /** A POST with the admin key, unless the headers carry other credentials. */
  Reply post(String path, String contentType, byte[] body, String... headers) {
    boolean credentials = false;
    for (int i = 0; i < headers.length; i += 2) {
      credentials |= headers[i].equalsIgnoreCase("Authorization") || headers[i].equalsIgnoreCase("X-API-Key");
    }
    if (credentials) {
      return exchange("POST", path, contentType, body, headers);
    }
    String[] withKey = java.util.Arrays.copyOf(headers, headers.length + 2);
    withKey[headers.length] = "Authorization";
    withKey[headers.length + 1] = TestKeys.ADMIN.header();
    return exchange("POST", path, contentType, body, withKey);
  }

  Reply post(String path, String contentType, String body) {
    return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
