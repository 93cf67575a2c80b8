package dev.seqwatch.alert;

import dev.seqwatch.event.RawJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.POJONode;
import tools.jackson.databind.util.RawValue;

/**
 * An event of a new alert, kept as the bytes the shipper sent and written out as they are.
 *
 * <p>Why: an alert carries its events' whole documents (2 to 3 KB each for Defend) into the store
 * and into the response. Parsed into a tree and written back twice, they were half of the alert
 * path's CPU in a profile of the whole rule set, which raises a few dozen alerts per thousand
 * events. The documents were checked as JSON when they were read, so they can go out unchanged:
 * a byte generator copies them ({@link #appendUnquotedUTF8}), a character one decodes them once.
 * Alerts read back from the store hold parsed trees, as before; {@link #tree} gives either form as
 * a tree to the few readers that need one.
 */
final class RawEvent implements SerializableString {

  private final byte[] utf8;
  private String text;

  private RawEvent(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** The document of {@code source} as an alert's event node, which serializes as those bytes. */
  static JsonNode node(RawJson source) {
    // Detached, the document is an array of its own; it is never written to, so it is shared.
    return JsonNodeFactory.instance.rawValueNode(new RawValue(new RawEvent(source.detach().buffer())));
  }

  /** {@code event} as a tree: itself when it is one, else its document parsed. */
  static JsonNode tree(JsonNode event, JsonMapper json) {
    RawEvent document = of(event);
    return document == null ? event : json.readTree(document.utf8);
  }

  /** The document's bytes when {@code event} is one of these, else null. */
  static byte[] bytes(JsonNode event) {
    RawEvent document = of(event);
    return document == null ? null : document.utf8;
  }

  private static RawEvent of(JsonNode event) {
    return event instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw
        && raw.rawValue() instanceof RawEvent document ? document : null;
  }

  @Override
  public String getValue() {
    if (text == null) {
      text = new String(utf8, StandardCharsets.UTF_8);
    }
    return text;
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  /** The bytes themselves, not a copy, as Jackson's own {@link SerializedString} shares its own. */
  @Override
  public byte[] asUnquotedUTF8() {
    return utf8;
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (offset + utf8.length > buffer.length) {
      return -1;
    }
    System.arraycopy(utf8, 0, buffer, offset, utf8.length);
    return utf8.length;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    String value = getValue();
    if (offset + value.length() > buffer.length) {
      return -1;
    }
    value.getChars(0, value.length(), buffer, offset);
    return value.length();
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(utf8);
    return utf8.length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (utf8.length > buffer.remaining()) {
      return -1;
    }
    buffer.put(utf8);
    return utf8.length;
  }

  // The quoted forms (the document as a JSON string) are not how events are written; they are
  // given for completeness of the contract, by Jackson's own implementation.

  @Override
  public char[] asQuotedChars() {
    return quoted().asQuotedChars();
  }

  @Override
  public byte[] asQuotedUTF8() {
    return quoted().asQuotedUTF8();
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    return quoted().appendQuotedUTF8(buffer, offset);
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    return quoted().appendQuoted(buffer, offset);
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    return quoted().writeQuotedUTF8(out);
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
    return quoted().putQuotedUTF8(buffer);
  }

  private SerializedString quoted() {
    return new SerializedString(getValue());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawEvent that && Arrays.equals(utf8, that.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return getValue();
  }
}
