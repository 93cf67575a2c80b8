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

  private static final MessageDigest SHA_256 = sha256Prototype();

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
   * The deterministic id of a detection: 64 hex digits, the first 12 its earliest event's time
   * ({@code @timestamp} in ms, clamped to 0 to 2<sup>48</sup> - 1), the other 52 the start of a
   * SHA-256 over the rule id and the identities of its events in order.
   *
   * <p>Why the time first: the id is the alert store's primary key, and a B-tree index writes the
   * whole leaf an insert lands in, at every commit. Ids that were pure digests landed each alert
   * in a random leaf of the index; ids that begin with the events' time land a batch's alerts
   * together at the index's newest end. On H2 that cut what a whole rule set's alerts write by
   * about 30 % ({@code AlertWrites}, docs/benchmarks.md). 208 bits of digest keep collisions out
   * of reach, and ids sort by the time of what they report.
   */
  public static String alertId(String ruleId, List<String> eventIdentities, long firstTimestamp) {
    long millis = Math.min(Math.max(firstTimestamp, 0), (1L << 48) - 1);
    String time = HexFormat.of().toHexDigits(millis).substring(4);
    return time + digest(ruleId, eventIdentities).substring(0, 52);
  }

  /**
   * SHA-256 (64 hex digits) over {@code first} and each of {@code rest}, each followed by a newline
   * (escaped within them) so that no two lists share a preimage.
   */
  public static String digest(String first, List<String> rest) {
    StringBuilder text = new StringBuilder(first).append('\n');
    for (String identity : rest) {
      text.append(identity.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
    return sha256(text.toString());
  }

  /**
   * Copies of one instance, since {@code MessageDigest.getInstance} searches the security providers
   * on every call: half of an alert id's CPU in a profile of the whole rule set.
   */
  private static String sha256(String text) {
    try {
      MessageDigest digest = (MessageDigest) SHA_256.clone();
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the runtime's SHA-256 cannot be copied", e);
    }
  }

  private static MessageDigest sha256Prototype() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
