package dev.seqwatch.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Names an event and a chain of events in a way that does not depend on when or how often they
 * were delivered, so that re-delivered events yield the same alert id (semantics §10.7).
 *
 * <p>An event is named by its {@code event.id}, which Elastic Defend sets on every document. One
 * without it is named by a SHA-256 of its canonical content: the document parsed and written again
 * with object keys sorted and no whitespace, so a shipper's formatting does not change it.
 */
public final class EventIdentity {

  private static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private EventIdentity() {
  }

  /** {@code event.id}, or {@code "sha256:<hex>"} of the canonical document when there is none. */
  public static String of(Event event) {
    String id = event.id();
    if (id != null) {
      return id;
    }
    RawJson source = event.source();
    Map<?, ?> document = CANONICAL.readValue(source.buffer(), source.offset(), source.length(), Map.class);
    return "sha256:" + sha256(CANONICAL.writeValueAsString(document));
  }

  /**
   * The deterministic id of a detection: SHA-256 over the rule id and the identities of its
   * events in stage order, each followed by a newline so that no two lists share a preimage.
   */
  public static String alertId(String ruleId, List<String> eventIdentities) {
    StringBuilder text = new StringBuilder(ruleId).append('\n');
    for (String identity : eventIdentities) {
      text.append(identity.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
    return sha256(text.toString());
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
