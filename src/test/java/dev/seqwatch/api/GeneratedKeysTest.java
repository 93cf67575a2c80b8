package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With no key configured, the first start generates an admin and an ingest key, logs them once
 * and keeps only their hashes; the next start accepts the same keys without logging them again.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedKeysTest {

  private static final Pattern LOGGED_KEY = Pattern.compile("(admin|ingest) key: (\\S+)");

  @Test
  void firstStartGeneratesKeysThatWorkAcrossARestartAndTheDataDirectoryHoldsNoClearKey(@TempDir Path data,
      CapturedOutput output) throws Exception {
    String adminKey;
    String ingestKey;
    try (ConfigurableApplicationContext first = start(data)) {
      adminKey = logged(output, "admin");
      ingestKey = logged(output, "ingest");
      int port = port(first);
      assertThat(status(port, "/api/v1/alerts", adminKey)).isEqualTo(200);
      assertThat(status(port, "/api/v1/alerts", ingestKey)).isEqualTo(403);
      assertThat(status(port, "/_cluster/health", ingestKey)).isEqualTo(200);
    }
    int logsAfterFirstStart = output.getAll().length();

    try (ConfigurableApplicationContext second = start(data)) {
      int port = port(second);
      assertThat(status(port, "/api/v1/alerts", adminKey)).isEqualTo(200);
      assertThat(status(port, "/_cluster/health", ingestKey)).isEqualTo(200);
      assertThat(status(port, "/api/v1/alerts", null)).isEqualTo(401);
    }
    assertThat(output.getAll().substring(logsAfterFirstStart)).doesNotContain(adminKey).doesNotContain(ingestKey)
        .contains("generated on first start");

    List<String> secrets = Stream.of(adminKey, ingestKey)
        .flatMap(key -> {
          String idAndSecret = new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8);
          return Stream.of(key, idAndSecret, idAndSecret.substring(idAndSecret.indexOf(':') + 1));
        }).toList();
    try (Stream<Path> files = Files.walk(data)) {
      files.filter(Files::isRegularFile).forEach(file -> {
        String content = new String(read(file), StandardCharsets.ISO_8859_1);
        secrets.forEach(secret -> assertThat(content).as(file.toString()).doesNotContain(secret));
      });
    }
    Path keys = data.resolve("security/api-keys.json");
    assertThat(Files.readString(keys)).contains("sha256:" + TestKeys.sha256Hex(adminKey));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
  }

  private static String logged(CapturedOutput output, String name) {
    Matcher matcher = LOGGED_KEY.matcher(output.getAll());
    while (matcher.find()) {
      if (matcher.group(1).equals(name)) {
        return matcher.group(2);
      }
    }
    throw new AssertionError("no " + name + " key in the log");
  }

  private static ConfigurableApplicationContext start(Path data) {
    return new SpringApplicationBuilder(SeqwatchApplication.class)
        .run("--server.port=0", "--seqwatch.data-dir=" + data);
  }

  private static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private static int status(int port, String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (key != null) {
      request.header("Authorization", "ApiKey " + key);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
