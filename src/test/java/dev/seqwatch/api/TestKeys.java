package dev.seqwatch.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The credentials of the full-server tests: one key per role, configured by hash as an operator
 * would, and a Basic user for the Elasticsearch-compatible surface.
 */
enum TestKeys {
  ADMIN("admin", "test-admin-id", "admin-secret-0123456789"),
  INGEST("ingest", "test-ingest-id", "ingest-secret-0123456789"),
  READ("read", "test-read-id", "read-secret-0123456789");

  static final String BASIC_USER = "shipper";
  static final String BASIC_PASSWORD = "correct horse battery staple";
  /** A key no configuration knows. */
  static final String UNKNOWN_KEY = encode("test-unknown-id", "unknown-secret-0123456789");

  private final String role;
  private final String key;
  private final String idAndSecret;

  TestKeys(String role, String id, String secret) {
    this.role = role;
    this.idAndSecret = id + ":" + secret;
    this.key = encode(id, secret);
  }

  /** The key as clients send it. */
  String key() {
    return key;
  }

  /** The key as the {@code api_key} setting of Beats and Logstash takes it. */
  String idAndSecret() {
    return idAndSecret;
  }

  String header() {
    return "ApiKey " + key;
  }

  static String basicHeader(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The settings that configure these keys and the Basic user. */
  static Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (TestKeys key : values()) {
      String prefix = "seqwatch.security.api-keys[" + key.ordinal() + "].";
      properties.put(prefix + "name", "test-" + key.role);
      properties.put(prefix + "hash", "sha256:" + sha256Hex(key.key));
      properties.put(prefix + "roles", key.role);
    }
    properties.put("seqwatch.security.basic.username", BASIC_USER);
    properties.put("seqwatch.security.basic.password-hash", BCRYPT_OF_PASSWORD);
    return properties;
  }

  /** These settings as command-line arguments after {@code others}, for tests that start the application. */
  static String[] arguments(String... others) {
    List<String> arguments = new ArrayList<>(List.of(others));
    properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
    return arguments.toArray(String[]::new);
  }

  private static final String BCRYPT_OF_PASSWORD = new BCryptPasswordEncoder(4).encode(BASIC_PASSWORD);

  private static String encode(String id, String secret) {
    return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
