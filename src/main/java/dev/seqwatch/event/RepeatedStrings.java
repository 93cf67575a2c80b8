package dev.seqwatch.event;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;

/**
 * The short string values of one batch, so that a value its events repeat (an event's category,
 * type, action and outcome, a host's id and OS, a process's name and path) is one {@link String}
 * rather than one per event. With the whole rule set the reader keeps most fields of an event, and
 * their strings were 43 % of the bytes the engine replay allocated per event; every byte allocated
 * brings the next young collection nearer, and each young collection copies the candidates the
 * rules keep. A shared string also keeps its cached hash, which exact term tables and join keys
 * read.
 *
 * <p>A direct-mapped table: a value goes to one slot by its hash and replaces what was there, so
 * a lookup is one hash and at most one comparison, and the table never grows. Values longer than
 * {@value #MAX_LENGTH} characters (command lines, most paths) rarely repeat and are made as they
 * come. Used by one thread, for one batch.
 */
final class RepeatedStrings {

  static final int MAX_LENGTH = 64;

  private final String[] table;

  RepeatedStrings() {
    this(1 << 10);
  }

  /** A table of {@code slots} entries, a power of two; tests use few, so that values collide. */
  RepeatedStrings(int slots) {
    table = new String[Integer.highestOneBit(slots)];
  }

  /** The current string value of {@code parser}, shared with an equal one seen before if found. */
  String of(JsonParser parser) {
    int length = parser.getStringLength();
    if (length > MAX_LENGTH) {
      return parser.getString();
    }
    char[] chars = parser.getStringCharacters();
    int offset = parser.getStringOffset();
    int hash = length;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + chars[i];
    }
    int slot = (hash ^ (hash >>> 12)) & (table.length - 1);
    String known = table[slot];
    if (known != null && sameText(known, chars, offset, length)) {
      return known;
    }
    String made = new String(chars, offset, length);
    table[slot] = made;
    return made;
  }

  /**
   * The string of the ASCII bytes {@code [from, from + length)}, shared with an equal one seen
   * before if found. Hashed as {@link #of(JsonParser)} hashes characters, since an ASCII byte is
   * its character.
   */
  String of(byte[] bytes, int from, int length) {
    if (length > MAX_LENGTH) {
      return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
    int hash = length;
    for (int i = from; i < from + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    int slot = (hash ^ (hash >>> 12)) & (table.length - 1);
    String known = table[slot];
    if (known != null && sameText(known, bytes, from, length)) {
      return known;
    }
    String made = new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    table[slot] = made;
    return made;
  }

  /** {@code value}, or an equal string seen before. */
  String of(String value) {
    int length = value.length();
    if (length > MAX_LENGTH) {
      return value;
    }
    int hash = length;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + value.charAt(i);
    }
    int slot = (hash ^ (hash >>> 12)) & (table.length - 1);
    String known = table[slot];
    if (known != null && known.equals(value)) {
      return known;
    }
    table[slot] = value;
    return value;
  }

  private static boolean sameText(String known, char[] chars, int offset, int length) {
    if (known.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (known.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameText(String known, byte[] bytes, int from, int length) {
    if (known.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (known.charAt(i) != bytes[from + i]) {
        return false;
      }
    }
    return true;
  }
}
