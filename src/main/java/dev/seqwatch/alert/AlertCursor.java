package dev.seqwatch.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in the alert list: the detection time and id of the last alert of a page. Encoded as
 * opaque URL-safe text so clients pass it back unchanged.
 */
public record AlertCursor(Instant detectedAt, String id) {

  public String encode() {
    String text = detectedAt.toEpochMilli() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code text}, or null when it is not one this service wrote. */
  public static AlertCursor decode(String text) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || !decoded.substring(0, colon).matches("-?\\d{1,19}")) {
      return null;
    }
    return new AlertCursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, colon))),
        decoded.substring(colon + 1));
  }
}
