package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.SeqwatchApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TLS through a Spring Boot SSL bundle, configured the way the README shows: a PKCS#12 key store
 * made with the JDK's keytool, and a client that trusts exactly that certificate.
 */
class TlsTest {

  private static final String PASSWORD = "changeit-for-test";

  @Test
  void anSslBundleServesHttpsAndKeysStillApply(@TempDir Path directory) throws Exception {
    Path keystore = directory.resolve("seqwatch.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "seqwatch", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SeqwatchApplication.class)
        .run(TestKeys.arguments("--server.port=0", "--seqwatch.data-dir=" + directory.resolve("data"),
            "--server.ssl.bundle=web",
            "--spring.ssl.bundle.jks.web.keystore.location=file:" + keystore,
            "--spring.ssl.bundle.jks.web.keystore.password=" + PASSWORD,
            "--spring.ssl.bundle.jks.web.keystore.type=PKCS12"))) {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

      HttpResponse<String> alerts = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
          + "/api/v1/alerts")).header("Authorization", TestKeys.READ.header()).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
          + "/api/v1/alerts")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(alerts.statusCode()).isEqualTo(200);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()))
          .as("a client that does not trust the certificate").isInstanceOf(IOException.class);
    }
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
