package dev.seqwatch.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>A table that never grows. A value made from a body's bytes goes to one set of two slots by
 * its hash, the one used last first: a lookup is one hash and at most two comparisons, and a new
 * value pushes out the one in the set used longest ago. With one slot per set, two values that
 * each event of a batch repeats and that hashed to one slot replaced each other at every event, so
 * neither was ever found: in the load generator's Windows events, the outcome {@code success} and
 * the user's SID, a new string each per event; and the values that never repeat (ids, process
 * ids), about ten per event with the whole rule set, pushed out the others between two of their
 * events. Sets of two and twice the slots made a batch's strings a quarter to a third fewer
 * (docs/benchmarks.md). Values longer than {@value #MAX_LENGTH} characters (command lines, most
 * paths) rarely repeat and are made as they come. The strings of the Jackson path ({@link
 * #of(JsonParser)}) keep one slot per hash. Used by one thread, for one batch.
 */
final class RepeatedStrings {

  static final int MAX_LENGTH = 64;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private final String[] table;
  private final String[] byteStrings;
  /**
   * Where each byte string's text is: the array it was read from, and its offset and length ({@code
   * offset << 32 | length}). The array is the batch's body, referred to rather than copied: a table
   * lives for one batch, whose body does not change while it is read, and the copy of each new
   * value's bytes was an eighth of what reading allocated with Elastic's whole rule set
   * (docs/benchmarks.md).
   */
  private final byte[][] texts;
  private final long[] places;
  /**
   * The text of a byte string of at most {@value #IN_WORDS} bytes, as two words: its bytes packed
   * into {@code heads} when at most eight, else its first eight in {@code heads} and its last eight
   * in {@code tails}. With its length that is the whole text, so such a value is told equal without
   * reading the body where it was first seen, which can be a megabyte back and out of the caches.
   */
  private final long[] heads;
  private final long[] tails;
  /** The number of sets less one, a mask of a hash: each set is {@value #WAYS} adjacent slots. */
  private final int sets;

  /**
   * Slots per set of the byte strings' table: the most recently used first, then the one before.
   * {@link #found} and {@link #vacated} move entries as for two. Sets of four, tried with 1,024
   * slots, left more strings per Windows batch than sets of two (13,129 against 12,103).
   */
  private static final int WAYS = 2;

  /** The longest byte string compared by its words alone. */
  private static final int IN_WORDS = 2 * Long.BYTES;

  RepeatedStrings() {
    this(1 << 11);
  }

  /** Tables of {@code slots} entries, a power of two; tests use few, so that values collide. */
  RepeatedStrings(int slots) {
    int size = Math.max(WAYS, Integer.highestOneBit(slots));
    table = new String[size];
    byteStrings = new String[size];
    texts = new byte[size][];
    places = new long[size];
    heads = new long[size];
    tails = new long[size];
    sets = size / WAYS - 1;
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
   * before if found; those bytes must not change while the table is used. Bytes have their own
   * table, which keeps where each string's bytes are beside it: this
   * is the direct reading's path, which meets every kept value of every event, and a hash of eight
   * bytes at a time and an array comparison (an intrinsic) cost a few instructions per word where
   * a byte and a character at a time cost a multiplication and a bounds check per byte (3 to 13 %
   * more events per second in {@code ReadingBenchmark.direct} with the bundled rule,
   * docs/benchmarks.md).
   */
  String of(byte[] bytes, int from, int length) {
    if (length > MAX_LENGTH) {
      return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
    if (length <= IN_WORDS) {
      return ofWords(bytes, from, length);
    }
    int first = set((int) (hash(bytes, from, length) >>> 32));
    for (int way = first; way < first + WAYS; way++) {
      byte[] known = texts[way];
      long place = places[way];
      int at = (int) (place >>> 32);
      if (known != null && (int) place == length && Arrays.equals(known, at, at + length, bytes, from, from + length)) {
        return found(first, way);
      }
    }
    String made = new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    int slot = vacated(first);
    texts[slot] = bytes;
    places[slot] = (long) from << 32 | length;
    byteStrings[slot] = made;
    return made;
  }

  /** {@link #of(byte[], int, int)} for a value of at most {@value #IN_WORDS} bytes. */
  private String ofWords(byte[] bytes, int from, int length) {
    long head;
    long tail = 0;
    if (length > Long.BYTES) {
      head = (long) LONGS.get(bytes, from);
      tail = (long) LONGS.get(bytes, from + length - Long.BYTES);
    } else {
      head = 0;
      for (int q = from; q < from + length; q++) {
        head = head << 8 | (bytes[q] & 0xFF);
      }
    }
    long hash = ((length ^ head) * MIX ^ tail) * MIX;
    int first = set((int) ((hash ^ (hash >>> 29)) * MIX >>> 32));
    for (int way = first; way < first + WAYS; way++) {
      if (byteStrings[way] != null && (int) places[way] == length && heads[way] == head && tails[way] == tail) {
        return found(first, way);
      }
    }
    String made = new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    int slot = vacated(first);
    texts[slot] = bytes;
    places[slot] = (long) from << 32 | length;
    heads[slot] = head;
    tails[slot] = tail;
    byteStrings[slot] = made;
    return made;
  }

  /** The first slot of the set a hash picks. */
  private int set(int hash) {
    return (hash & sets) * WAYS;
  }

  /**
   * The string in slot {@code way} of the set starting at {@code first}, moved to the set's first
   * slot, the most recently used one's (see the class doc).
   */
  private String found(int first, int way) {
    if (way != first) {
      swap(texts, first, way);
      swap(byteStrings, first, way);
      swap(places, first, way);
      swap(heads, first, way);
      swap(tails, first, way);
    }
    return byteStrings[first];
  }

  /**
   * Moves the entry in the first slot of the set starting at {@code first} to its second, the
   * second's out, and returns the first slot for a new entry.
   */
  private int vacated(int first) {
    int second = first + 1;
    texts[second] = texts[first];
    byteStrings[second] = byteStrings[first];
    places[second] = places[first];
    heads[second] = heads[first];
    tails[second] = tails[first];
    return first;
  }

  private static <T> void swap(T[] array, int i, int j) {
    T kept = array[i];
    array[i] = array[j];
    array[j] = kept;
  }

  private static void swap(long[] array, int i, int j) {
    long kept = array[i];
    array[i] = array[j];
    array[j] = kept;
  }

  /**
   * A hash of the bytes, a word at a time: when the length is not a multiple of eight the last
   * word overlaps the one before, and a value shorter than a word is read a byte at a time. The
   * slot comes from the upper half, which the last multiplication mixed from every bit below.
   */
  private static long hash(byte[] bytes, int from, int length) {
    long hash = length;
    int to = from + length;
    if (length >= Long.BYTES) {
      int q = from;
      for (; q <= to - Long.BYTES; q += Long.BYTES) {
        hash = (hash ^ (long) LONGS.get(bytes, q)) * MIX;
        hash ^= hash >>> 32;
      }
      if (q < to) {
        hash = (hash ^ (long) LONGS.get(bytes, to - Long.BYTES)) * MIX;
      }
    } else {
      long word = 0;
      for (int q = from; q < to; q++) {
        word = word << 8 | (bytes[q] & 0xFF);
      }
      hash = (hash ^ word) * MIX;
    }
    return (hash ^ (hash >>> 29)) * MIX;
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
}
