package dev.seqwatch.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The stored form of an API key: {@code sha256:} and the hex SHA-256 of the key exactly as clients
 * send it. A key is a long random string, so one fast hash already makes the stored form useless
 * to whoever reads the configuration or the data directory; the slow, salted hashes that
 * passwords need (see {@link BasicUser}) would only cost CPU on every request.
 */
final class KeyHash {

  static final String PREFIX = "sha256:";
  private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");

  private KeyHash() {
  }

  /** The stored form of {@code key}. */
  static String of(String key) {
    return PREFIX + HexFormat.of().formatHex(sha256(key));
  }

  /** Checks a configured hash, lower-casing its hex digits. */
  static String parse(String configured, String where) {
    String hash = configured == null ? "" : configured.trim().toLowerCase(java.util.Locale.ROOT);
    if (!FORMAT.matcher(hash).matches()) {
      throw new SecuritySettingsException(where + ": expected sha256: followed by 64 hex digits, the SHA-256 of"
          + " the key (printf %s \"$KEY\" | sha256sum), never the key itself");
    }
    return hash;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
