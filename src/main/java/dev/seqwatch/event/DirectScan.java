package dev.seqwatch.event;

import dev.seqwatch.event.Batch.Rejection;
import dev.seqwatch.event.EventReader.Node;
import dev.seqwatch.event.EventReader.Reading;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reader's fast path: reads a body straight from its bytes, with no tokenizer in between.
 *
 * <p>Why: a rule reads a few dozen of the hundreds of fields a Defend event carries, so most of a
 * body is skipped. A tokenizer still makes a token of every name and value it skips, and looks
 * every name up in its symbol table; here a skipped string is a scan for its closing quote, a
 * skipped subtree a scan for its closing bracket, and a name is hashed from its bytes and looked up
 * in the field trie directly, never made into a {@link String}; from a body's second event on, a
 * name is most often recognised as one its object had at the same place before ({@link Shape}).
 *
 * <p>It accepts only what it can be sure of: JSON as RFC 8259 defines it, in UTF-8 as RFC 3629
 * defines it (no overlong forms, no encoded surrogates), events that are objects, names without
 * escapes, every {@link EventLimits limit} kept, no byte-order mark. At anything else it gives up
 * and {@link EventReader} reads the whole body again with Jackson, which accepts, rejects and
 * reports positions exactly as it always did. Everything accepted here Jackson accepts too, with
 * the same values, so a body yields the same batch either way; only a malformed, hostile or
 * unusual body pays for two readings. Used by one thread per call; holds no state between calls.
 */
final class DirectScan {

  /** Gives up: thrown anywhere in a scan, caught once per body. Stackless, so cheap. */
  private static final class Unsure extends RuntimeException {
    private static final Unsure INSTANCE = new Unsure();

    private Unsure() {
      super(null, null, false, false);
    }
  }

  /** Bytes that end a run of plain string content: quote, backslash, control and non-ASCII bytes. */
  private static final boolean[] STRING_SPECIAL = new boolean[256];

  static {
    for (int b = 0; b < 256; b++) {
      STRING_SPECIAL[b] = b == '"' || b == '\\' || b < 0x20 || b >= 0x80;
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final EventReader reader;
  private final Node root;
  private final EventLimits limits;
  /**
   * The body, the position of the next byte to read, and the end of the body's window in it. The
   * scan checks {@code end} only where a value may legally stop (after a number, between events):
   * a document cut short inside a string or container is read on past {@code end}, into the bytes
   * after the window or off the array. Both end as giving up: {@code p} only moves forward, so a
   * scan that went past the window cannot finish exactly at {@code end}, which {@link #body}
   * requires, and an index off the array is caught as giving up.
   */
  private byte[] b;
  private int p;
  private int end;
  private Reading reading;
  private RepeatedStrings strings;
  private ValuesArrays.Lease arrays;
  /**
   * By node id, the names recently read at each place of that node's objects; null until the
   * second event, so that a body of one event (each bulk item is read as one) makes none.
   */
  private Shape[] shapes;

  private DirectScan(EventReader reader, Node root, EventLimits limits) {
    this.reader = reader;
    this.root = root;
    this.limits = limits;
  }

  /** The batch {@code body} holds, or null when Jackson must read it. */
  static Batch read(EventReader reader, Node root, EventLimits limits, byte[] body, int offset, int length,
      BodyFormat format, int maxEvents) {
    DirectScan scan = new DirectScan(reader, root, limits);
    try {
      return scan.body(body, offset, offset + length, format, maxEvents);
    } catch (Unsure | ArrayIndexOutOfBoundsException unsure) {
      // An index past the body is a document that ends early: Jackson reports where.
      return null;
    }
  }

  private Batch body(byte[] body, int from, int to, BodyFormat format, int maxEvents) {
    b = body;
    end = to;
    p = from;
    strings = new RepeatedStrings();
    arrays = null;
    shapes = null;
    List<Event> events = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    skipSpace();
    if (p == end) {
      throw Unsure.INSTANCE;
    }
    if (format == BodyFormat.NDJSON) {
      for (int index = 0; p < end; index++) {
        if (index >= maxEvents) {
          throw Unsure.INSTANCE;
        }
        event(index, events, rejections);
        skipSpace();
      }
    } else if (b[p] == '{') {
      event(0, events, rejections);
      skipSpace();
    } else if (b[p] == '[') {
      if (!opensEmpty(']')) {
        for (int index = 0; ; index++) {
          if (index >= maxEvents) {
            throw Unsure.INSTANCE;
          }
          event(index, events, rejections);
          if (!nextMember(']')) {
            break;
          }
        }
      }
      skipSpace();
    } else {
      throw Unsure.INSTANCE;
    }
    if (p != end) {
      throw Unsure.INSTANCE;
    }
    return new Batch(events, rejections);
  }

  private void event(int index, List<Event> events, List<Rejection> rejections) {
    if (b[p] != '{') {
      throw Unsure.INSTANCE;
    }
    int start = p;
    if (index == 1) {
      // Leased from the second event on: a body of one event, as each bulk item is read, would take
      // a whole batch's arrays and use one.
      arrays = reader.valuesArrays();
      shapes = new Shape[64];
    }
    reading = new Reading(arrays != null ? arrays.next() : new Object[reader.schema().size()], index, strings);
    object(root, 1);
    if (p - start > limits.maxStringLength()) {
      throw Unsure.INSTANCE; // the string-length check needs Jackson's reading
    }
    reader.complete(reading, b, start, p, events, rejections);
  }

  /**
   * Moves past the opening bracket at {@code p} and the spaces after it; true, and past {@code
   * close} too, when the container is empty.
   */
  private boolean opensEmpty(char close) {
    p++;
    skipSpace();
    if (b[p] == close) {
      p++;
      return true;
    }
    return false;
  }

  /** After a member or element: true past a comma, false past the closing {@code close}. */
  private boolean nextMember(char close) {
    skipSpace();
    byte c = b[p++];
    if (c == ',') {
      skipSpace();
      return true;
    }
    if (c == close) {
      return false;
    }
    throw Unsure.INSTANCE;
  }

  /** The object at {@code p}, at nesting {@code depth}, whose fields lead on from {@code node}. */
  private void object(Node node, int depth) {
    if (opensEmpty('}')) {
      return;
    }
    Shape shape = shapes == null ? null : shape(node);
    int member = 0;
    do {
      Node child = memberName(node, shape, member++);
      if (child == null) {
        skipValue(depth);
      } else {
        value(child, depth);
      }
    } while (nextMember('}'));
  }

  private Shape shape(Node node) {
    if (node.id >= shapes.length) {
      shapes = Arrays.copyOf(shapes, Math.max(node.id + 1, shapes.length * 2));
    }
    Shape shape = shapes[node.id];
    if (shape == null) {
      shape = new Shape();
      shapes[node.id] = shape;
    }
    return shape;
  }

  /**
   * Moves past a member's name, its colon and the spaces around them, counting the name against
   * the limit; returns the child of {@code node} the name leads to, or null (always, for a null
   * node: a subtree no rule reads). {@code shape}, if not null, holds the names recently read at
   * each place of the node's objects, and {@code member} is the name's place in its object: a name
   * equal to one read there is taken with the child it led to, else it is read, looked up and
   * remembered there.
   */
  private Node memberName(Node node, Shape shape, int member) {
    if (b[p] != '"') {
      throw Unsure.INSTANCE;
    }
    int from = p + 1;
    Node child;
    if (shape != null && from + 8 <= b.length) {
      long word = (long) LONGS.get(b, from);
      int way = shape.find(member, b, from, word);
      if (way >= 0) {
        p = from + shape.length(way) + 1;
        child = shape.child(way);
      } else {
        int length = nameEnd() - 1 - from;
        child = node.child(b, from, length);
        shape.learn(member, from, length, word, child);
      }
    } else {
      int length = nameEnd() - 1 - from;
      child = node == null ? null : node.child(b, from, length);
    }
    if (++reading.fields > limits.maxFieldsPerEvent()) {
      throw Unsure.INSTANCE;
    }
    skipSpace();
    if (b[p++] != ':') {
      throw Unsure.INSTANCE;
    }
    skipSpace();
    return child;
  }

  /** A value inside a container at nesting {@code depth}, for the field of {@code node}. */
  private void value(Node node, int depth) {
    int slot = node.slot;
    switch (b[p]) {
      case '{' -> {
        if (slot >= 0 && reader.schema().isJoinKey(slot) && reading.problem == null) {
          reading.problem = "join key " + reader.schema().name(slot) + " is an object, expected a value";
        }
        checkDepth(depth + 1);
        if (node.hasChildren()) {
          object(node, depth + 1);
        } else {
          skipContainer(depth + 1);
        }
      }
      case '[' -> {
        checkDepth(depth + 1);
        if (opensEmpty(']')) {
          return;
        }
        do {
          value(node, depth + 1);
        } while (nextMember(']'));
      }
      case '"' -> {
        if (slot >= 0) {
          reading.add(slot, string());
        } else {
          skipString();
        }
      }
      case 'n' -> {
        literal("null");
        String substitute = slot >= 0 ? reader.nullValue(slot) : null;
        if (substitute != null) {
          reading.add(slot, substitute);
        }
      }
      case 't' -> {
        literal("true");
        if (slot >= 0) {
          reading.add(slot, "true");
        }
      }
      case 'f' -> {
        literal("false");
        if (slot >= 0) {
          reading.add(slot, "false");
        }
      }
      default -> {
        int from = p;
        skipNumber();
        if (slot >= 0) {
          // Ports, process ids, sizes: numbers repeat as strings do, and a number's text is ASCII.
          reading.add(slot, strings.of(b, from, p - from));
        }
      }
    }
  }

  private void checkDepth(int depth) {
    if (depth > limits.maxNestingDepth()) {
      throw Unsure.INSTANCE;
    }
  }

  /** Skips a value no rule reads, inside a container at nesting {@code depth}. */
  private void skipValue(int depth) {
    switch (b[p]) {
      case '"' -> skipString();
      case '{', '[' -> {
        checkDepth(depth + 1);
        skipContainer(depth + 1);
      }
      case 'n' -> literal("null");
      case 't' -> literal("true");
      case 'f' -> literal("false");
      default -> skipNumber();
    }
  }

  /** Skips the object or array at {@code p}, whose nesting {@code depth} is already checked. */
  private void skipContainer(int depth) {
    boolean isObject = b[p] == '{';
    if (opensEmpty(isObject ? '}' : ']')) {
      return;
    }
    do {
      if (isObject) {
        memberName(null, null, 0);
      }
      skipValue(depth);
    } while (nextMember(isObject ? '}' : ']'));
  }

  /**
   * The first byte at or after {@code q} that ends a run of plain string content, eight bytes at a
   * time: a byte of a word is flagged when it is a quote or a backslash (it XORs to zero), below
   * 0x20 (subtracting 0x20 borrows) or at least 0x80 (its high bit). Borrows only ever flag bytes
   * after a true match, and the lowest flagged byte, the first in memory, is the answer.
   */
  private int plainRunEnd(int q) {
    int words = b.length - 8;
    while (q <= words) {
      long word = (long) LONGS.get(b, q);
      long quote = word ^ 0x2222222222222222L;
      long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
      long flagged = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)
          | ((word - 0x2020202020202020L) & ~word) | word;
      flagged &= HIGH_BITS;
      if (flagged != 0) {
        return q + (Long.numberOfTrailingZeros(flagged) >>> 3);
      }
      q += 8;
    }
    while (!STRING_SPECIAL[b[q] & 0xFF]) {
      q++;
    }
    return q;
  }

  /**
   * Moves past the name at {@code p} and returns where it ended (after its closing quote). A name
   * with an escape is left to Jackson: the trie holds names as they are written.
   */
  private int nameEnd() {
    p = pastString(false);
    return p;
  }

  private void skipString() {
    p = pastString(true);
  }

  /** Where the string at {@code p} ends, after its closing quote, its content checked on the way. */
  private int pastString(boolean escapes) {
    int q = p + 1;
    while (true) {
      q = plainRunEnd(q);
      int c = b[q] & 0xFF;
      if (c == '"') {
        return q + 1;
      } else if (c == '\\' && escapes) {
        q = pastEscape(q);
      } else if (c >= 0x80) {
        q = pastMultiByte(q);
      } else {
        throw Unsure.INSTANCE; // a control character, or an escape in a name
      }
    }
  }

  /** The string at {@code p}, decoded, and moves past it. */
  private String string() {
    int from = p + 1;
    int q = from;
    boolean plain = true;
    boolean ascii = true;
    while (true) {
      q = plainRunEnd(q);
      int c = b[q] & 0xFF;
      if (c == '"') {
        break;
      } else if (c == '\\') {
        plain = false;
        q = pastEscape(q);
      } else if (c >= 0x80) {
        ascii = false;
        q = pastMultiByte(q);
      } else {
        throw Unsure.INSTANCE;
      }
    }
    p = q + 1;
    if (plain) {
      return ascii ? strings.of(b, from, q - from) : strings.of(new String(b, from, q - from, StandardCharsets.UTF_8));
    }
    return strings.of(unescape(from, q));
  }

  /** Decodes a string's bytes {@code [from, to)}, already checked, escapes and all. */
  private String unescape(int from, int to) {
    char[] out = new char[to - from];
    int n = 0;
    int q = from;
    while (q < to) {
      int c = b[q] & 0xFF;
      if (c == '\\') {
        char escaped = (char) b[q + 1];
        switch (escaped) {
          case 'b' -> out[n++] = '\b';
          case 'f' -> out[n++] = '\f';
          case 'n' -> out[n++] = '\n';
          case 'r' -> out[n++] = '\r';
          case 't' -> out[n++] = '\t';
          case 'u' -> out[n++] = (char) (hex(b[q + 2]) << 12 | hex(b[q + 3]) << 8 | hex(b[q + 4]) << 4 | hex(b[q + 5]));
          default -> out[n++] = escaped; // '"', '\\' or '/'
        }
        q += escaped == 'u' ? 6 : 2;
      } else if (c < 0x80) {
        out[n++] = (char) c;
        q++;
      } else {
        int next = pastMultiByte(q);
        String decoded = new String(b, q, next - q, StandardCharsets.UTF_8);
        decoded.getChars(0, decoded.length(), out, n);
        n += decoded.length();
        q = next;
      }
    }
    return new String(out, 0, n);
  }

  /** Past the escape at {@code q}, which must be one JSON allows. */
  private int pastEscape(int q) {
    switch (b[q + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return q + 2;
      }
      case 'u' -> {
        for (int i = q + 2; i < q + 6; i++) {
          hex(b[i]);
        }
        return q + 6;
      }
      default -> throw Unsure.INSTANCE;
    }
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw Unsure.INSTANCE;
  }

  /**
   * Past the UTF-8 sequence at {@code q}, which must be well-formed as RFC 3629 table 3-7 has it:
   * the second byte's range depends on the first, which excludes overlong forms, surrogates and
   * code points above U+10FFFF.
   */
  private int pastMultiByte(int q) {
    int lead = b[q] & 0xFF;
    int second = b[q + 1] & 0xFF;
    int length;
    boolean secondOk;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      secondOk = second >= 0x80 && second <= 0xBF;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      secondOk = lead == 0xE0 ? second >= 0xA0 && second <= 0xBF
          : lead == 0xED ? second >= 0x80 && second <= 0x9F
          : second >= 0x80 && second <= 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      secondOk = lead == 0xF0 ? second >= 0x90 && second <= 0xBF
          : lead == 0xF4 ? second >= 0x80 && second <= 0x8F
          : second >= 0x80 && second <= 0xBF;
    } else {
      throw Unsure.INSTANCE;
    }
    if (!secondOk) {
      throw Unsure.INSTANCE;
    }
    for (int i = q + 2; i < q + length; i++) {
      if ((b[i] & 0xC0) != 0x80) {
        throw Unsure.INSTANCE;
      }
    }
    return q + length;
  }

  private void literal(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (b[p + i] != word.charAt(i)) {
        throw Unsure.INSTANCE;
      }
    }
    p += word.length();
  }

  /**
   * Past the number at {@code p}: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}.
   * What follows is checked by the caller, which expects a comma or a closing bracket. Numbers
   * longer than Jackson's default limit are Jackson's to refuse.
   */
  private void skipNumber() {
    int from = p;
    if (b[p] == '-') {
      p++;
    }
    if (b[p] == '0') {
      p++;
    } else if (b[p] >= '1' && b[p] <= '9') {
      skipDigits();
    } else {
      throw Unsure.INSTANCE;
    }
    if (p < end && b[p] == '.') {
      p++;
      requireDigit();
      skipDigits();
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (b[p] == '+' || b[p] == '-') {
        p++;
      }
      requireDigit();
      skipDigits();
    }
    if (p - from > 100) {
      throw Unsure.INSTANCE;
    }
  }

  private void requireDigit() {
    if (b[p] < '0' || b[p] > '9') {
      throw Unsure.INSTANCE;
    }
  }

  private void skipDigits() {
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
  }

  /**
   * Moves past JSON whitespace. Shippers write compact JSON, so the first byte is most often not a
   * space, and one comparison tells: every byte above {@code ' '} is none of the four (bytes of
   * 0x80 and more are negative here and take the loop, which returns at once for them too).
   */
  private void skipSpace() {
    if (p < end && b[p] > ' ') {
      return;
    }
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      p++;
    }
  }

  /**
   * The names the objects of one trie node had in a body, by their place in the object: at each
   * place the last {@value #WAYS} different names seen there, each as where it is in the body, its
   * first bytes, and the child it led to. Shippers write the fields of one kind of event in the
   * same order event after event, so the next object of the node most often has, at each place, a
   * name already seen there; a few ways hold the names of the few kinds a stream mixes (process,
   * network, file and registry events, Linux and Windows ones). A name matched here replaces the
   * scan for its closing quote, its hash and the probe of the node's table. With Elastic's rule
   * set the reader looks up about 100 of a Defend event's 115 names (70 with the bundled rule), and
   * reading took 8–14 % less time (5 % with the bundled rule; docs/benchmarks.md, "Names recognised
   * by their place", forty-third session).
   *
   * <p>A match is exact: the name's bytes, then its closing quote, are those of a name read,
   * checked and looked up before, so it is taken as reading it again would take it. The first
   * eight bytes are compared as one word, masked to the name and its quote when it is shorter, so
   * a place's ways are told apart without a call. Used by one scan only.
   */
  private static final class Shape {
    static final int WAYS = 4;
    /** More places than Defend's largest objects (a process's) have members: a few dozen. */
    static final int MAX_PLACES = 64;
    /** An empty way's head: no masked word equals it, since its mask keeps no bit. */
    private static final long EMPTY = 1;

    private long[] heads = new long[8 * WAYS];
    private long[] masks = new long[8 * WAYS];
    private int[] from = new int[8 * WAYS];
    private int[] lengths = new int[8 * WAYS];
    private Node[] children = new Node[8 * WAYS];
    /** Per place, the way the next name learnt there replaces. */
    private byte[] victims = new byte[8];

    Shape() {
      Arrays.fill(heads, EMPTY);
    }

    /**
     * The way of place {@code member} that holds the name at {@code at} of {@code body} (whose
     * eight bytes from {@code at} are {@code word}), or -1.
     */
    int find(int member, byte[] body, int at, long word) {
      if (member >= victims.length) {
        return -1;
      }
      for (int way = member * WAYS, last = way + WAYS; way < last; way++) {
        if ((word & masks[way]) == heads[way]) {
          int length = lengths[way];
          if (length < 8) {
            return way;
          }
          int close = at + length;
          int start = from[way];
          if (close < body.length && body[close] == '"'
              && Arrays.equals(body, start + 8, start + length, body, at + 8, close)) {
            return way;
          }
        }
      }
      return -1;
    }

    int length(int way) {
      return lengths[way];
    }

    Node child(int way) {
      return children[way];
    }

    /**
     * Remembers, at place {@code member}, the name of {@code length} bytes at {@code at} of the body,
     * whose first eight bytes are {@code word}, and the child it led to. Places past {@value
     * #MAX_PLACES} are not remembered: a hostile body's objects of a thousand members would
     * otherwise make tables of a hundred kilobytes per node, 17 MB for the 155 nodes with children
     * of Elastic's rule set; at most 64 places keep that near 1 MB.
     */
    void learn(int member, int at, int length, long word, Node child) {
      if (member >= MAX_PLACES) {
        return;
      }
      if (member >= victims.length) {
        int known = victims.length;
        int places = Math.max(member + 1, known * 2);
        victims = Arrays.copyOf(victims, places);
        heads = Arrays.copyOf(heads, places * WAYS);
        Arrays.fill(heads, known * WAYS, heads.length, EMPTY);
        masks = Arrays.copyOf(masks, places * WAYS);
        from = Arrays.copyOf(from, places * WAYS);
        lengths = Arrays.copyOf(lengths, places * WAYS);
        children = Arrays.copyOf(children, places * WAYS);
      }
      int way = member * WAYS + victims[member];
      victims[member] = (byte) ((victims[member] + 1) % WAYS);
      long mask = length < 8 ? -1L >>> (8 * (7 - length)) : -1L;
      masks[way] = mask;
      heads[way] = word & mask;
      from[way] = at;
      lengths[way] = length;
      children[way] = child;
    }
  }
}
