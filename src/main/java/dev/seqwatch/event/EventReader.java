package dev.seqwatch.event;

import dev.seqwatch.event.Batch.Rejection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads event documents in one streaming pass, keeping only the fields of a {@link FieldSchema}.
 * Thread-safe; holds no per-read state.
 *
 * <p>Shippers write the same field as nested objects ({@code "process":{"name":..}}), as dotted keys
 * ({@code "process.name":..}) or as a mix ({@code "process":{"parent.name":..}}); Elasticsearch
 * treats all of these as one field, and so does this reader. Arrays are flattened at any depth, so
 * arrays of objects contribute every element's value, as Elasticsearch indexes them.
 *
 * <p>The speed comes from a trie of the wanted paths in which every way of writing a path (each
 * grouping of its segments into dotted keys) is one map entry, so each JSON key costs one hash
 * lookup and a subtree that holds no wanted field is skipped without building any string. A body
 * is first read straight from its bytes ({@link DirectScan}); what that fast path is not sure of
 * (malformed or hostile input, a limit reached, an escaped name) is read again token by token with
 * Jackson, whose messages and positions clients see. A short string value that an earlier event of
 * the batch already had is read as that event's string ({@link RepeatedStrings}).
 *
 * <p>The {@link EventLimits} are checked in the same pass: nesting and field names are counted as
 * the tokenizer goes, skipped subtrees included, and string lengths are checked only for an event
 * whose bytes are more than the string limit, since no string can be longer than its event.
 */
public final class EventReader {

  /**
   * The longest value that the reader gives one {@link String} for all its equal occurrences in a
   * batch ({@link RepeatedStrings}); a longer value is a new string at each occurrence.
   */
  public static final int SHARED_VALUE_MAX_LENGTH = RepeatedStrings.MAX_LENGTH;

  private final FieldSchema schema;
  private final Node root;
  private final JsonFactory json;
  private final EventLimits limits;
  private final boolean dateAsTimestamp;
  private final String[] nullValues;
  private final ValuesArrays valuesArrays;

  /**
   * @param dateAsTimestamp whether an event without {@code @timestamp} takes its time from Fluent
   *     Bit's {@code date} key (epoch seconds with a fraction, or ISO-8601); off, such an event is
   *     rejected, never given a guessed time
   */
  public EventReader(FieldSchema schema, EventLimits limits, boolean dateAsTimestamp) {
    this.schema = schema;
    this.nullValues = new String[schema.size()];
    this.valuesArrays = new ValuesArrays(schema.size());
    for (int slot = 0; slot < schema.size(); slot++) {
      nullValues[slot] = schema.mapping(slot).nullValue();
    }
    this.limits = limits;
    // The reader's own depth check fires first and says which event; Jackson's, two levels deeper
    // for the array around the events, only guards the stack. Strings and names are left to the
    // reader's check, which also covers the ones the tokenizer skips.
    this.json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth() + 2)
        .maxStringLength(Integer.MAX_VALUE)
        .maxNameLength(Integer.MAX_VALUE)
        .build()).build();
    this.dateAsTimestamp = dateAsTimestamp;
    this.root = buildTrie(schema);
  }

  public EventReader(FieldSchema schema) {
    this(schema, EventLimits.DEFAULTS, false);
  }

  public FieldSchema schema() {
    return schema;
  }

  /**
   * Reads a request body.
   *
   * @throws MalformedBodyException if the body as a whole is not JSON (or NDJSON), or its top
   *     level is neither an object nor an array
   */
  public Batch read(byte[] body, int offset, int length, BodyFormat format) {
    return read(body, offset, length, format, Integer.MAX_VALUE);
  }

  /**
   * Reads a request body of at most {@code maxEvents} events, valid or not.
   *
   * @throws TooManyEventsException at the first event over {@code maxEvents}
   * @throws LimitExceededException at the first event over one of the {@link EventLimits}
   * @throws MalformedBodyException if the body as a whole is not JSON (or NDJSON), or its top
   *     level is neither an object nor an array
   */
  public Batch read(byte[] body, int offset, int length, BodyFormat format, int maxEvents) {
    Batch direct = readDirect(body, offset, length, format, maxEvents);
    return direct != null ? direct : readWithJackson(body, offset, length, format, maxEvents);
  }

  /**
   * Takes back the values arrays of {@code events}, read by this reader, for the events of later
   * batches ({@link ValuesArrays}). The caller must be done with them: neither they nor any event
   * sharing their values ({@link Event#addressedTo}) may be used afterwards. What outlives a batch
   * is {@link Event#detached}, which has an array of its own.
   */
  public void recycle(List<Event> events) {
    valuesArrays.giveBack(events);
  }

  /** Arrays for the events of one batch: those of earlier batches given back, then new ones. */
  ValuesArrays.Lease valuesArrays() {
    return valuesArrays.lease();
  }

  /** The body read by {@link DirectScan}, or null where it leaves the body to Jackson. */
  Batch readDirect(byte[] body, int offset, int length, BodyFormat format, int maxEvents) {
    return DirectScan.read(this, root, limits, body, offset, length, format, maxEvents);
  }

  /**
   * Reads a body token by token: what {@link DirectScan} gives up on (malformed or hostile bodies,
   * limits exceeded, escaped names), with Jackson's positions in every error.
   */
  Batch readWithJackson(byte[] body, int offset, int length, BodyFormat format, int maxEvents) {
    List<Event> events = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    RepeatedStrings strings = new RepeatedStrings();
    try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body, offset, length)) {
      JsonToken first = parser.nextToken();
      if (format == BodyFormat.JSON && first == JsonToken.START_ARRAY) {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          readElement(parser, token, body, offset, checkCount(index++, maxEvents), strings, events, rejections);
        }
        expectEnd(parser);
      } else if (format == BodyFormat.JSON) {
        if (first != JsonToken.START_OBJECT) {
          throw malformed(parser, "expected a JSON object or an array of objects");
        }
        readElement(parser, first, body, offset, 0, strings, events, rejections);
        expectEnd(parser);
      } else {
        int index = 0;
        for (JsonToken token = first; token != null; token = parser.nextToken()) {
          readElement(parser, token, body, offset, checkCount(index++, maxEvents), strings, events, rejections);
        }
      }
    } catch (JacksonException e) {
      throw MalformedBodyException.of(e);
    }
    return new Batch(events, rejections);
  }

  /** Reads one JSON object, as the event at {@code index} of its batch. */
  public Event readOne(byte[] document, int index) {
    Batch batch = read(document, 0, document.length, BodyFormat.JSON);
    if (!batch.rejections().isEmpty()) {
      throw new IllegalArgumentException(batch.rejections().get(0).reason());
    }
    Event event = batch.events().get(0);
    return new Event(index, event.timestamp(), event.sequence(), event.values(), event.source());
  }

  private static int checkCount(int index, int maxEvents) {
    if (index >= maxEvents) {
      throw new TooManyEventsException(maxEvents);
    }
    return index;
  }

  private void expectEnd(JsonParser parser) {
    if (parser.nextToken() != null) {
      throw malformed(parser, "expected the end of the body after the events");
    }
  }

  private static MalformedBodyException malformed(JsonParser parser, String message) {
    TokenStreamLocation at = parser.currentTokenLocation();
    return new MalformedBodyException(at.getLineNr(), at.getColumnNr(), message);
  }

  /** Reads one element; Jackson's byte offsets count from {@code offset}, the start of the input. */
  private void readElement(JsonParser parser, JsonToken token, byte[] body, int offset, int index,
      RepeatedStrings strings, List<Event> events, List<Rejection> rejections) {
    if (token != JsonToken.START_OBJECT) {
      if (token == JsonToken.START_ARRAY) {
        // Bounded like an event: it stands where one should.
        skip(parser, new Reading(new Object[0], index, strings), 1);
      }
      rejections.add(new Rejection(index, "event is not a JSON object"));
      return;
    }
    int start = offset + (int) parser.currentTokenLocation().getByteOffset();
    Reading reading = new Reading(new Object[schema.size()], index, strings);
    readObject(parser, root, reading, 1);
    int end = offset + (int) parser.currentLocation().getByteOffset();
    if (end - start > limits.maxStringLength()) {
      checkStringLengths(body, start, end - start, index);
    }
    complete(reading, body, start, end, events, rejections);
  }

  /** Makes the event of a document read into {@code reading}, or its rejection. */
  void complete(Reading reading, byte[] body, int start, int end, List<Event> events, List<Rejection> rejections) {
    String problem = reading.problem;
    long timestamp = Timestamps.INVALID;
    if (problem == null) {
      Object value = reading.values[FieldSchema.TIMESTAMP];
      if (value == null && dateAsTimestamp && reading.values[FieldSchema.FLUENT_BIT_DATE] instanceof String date) {
        timestamp = Timestamps.parseSecondsOrIso(date);
        if (timestamp == Timestamps.INVALID) {
          problem = "no @timestamp, and date '" + abbreviate(date) + "' is neither epoch seconds nor ISO-8601";
        }
      } else if (value == null) {
        problem = "missing @timestamp";
      } else if (!(value instanceof String text)) {
        problem = "@timestamp has more than one value";
      } else if ((timestamp = Timestamps.parseMillis(text)) == Timestamps.INVALID) {
        problem = "@timestamp '" + abbreviate(text) + "' is neither an ISO-8601 date nor epoch milliseconds";
      }
    }
    if (problem != null) {
      rejections.add(new Rejection(reading.index, problem));
      return;
    }
    events.add(new Event(reading.index, timestamp, sequence(reading.values[FieldSchema.EVENT_SEQUENCE]),
        reading.values, new RawJson(body, start, end - start)));
  }

  /** The value Elasticsearch indexes for an explicit null in {@code slot}'s field, or null. */
  String nullValue(int slot) {
    return nullValues[slot];
  }

  private static long sequence(Object value) {
    if (value instanceof String text && !text.isEmpty() && text.length() <= 18) {
      long result = 0;
      for (int i = 0; i < text.length(); i++) {
        int digit = text.charAt(i) - '0';
        if (digit < 0 || digit > 9) {
          return Event.NO_SEQUENCE;
        }
        result = result * 10 + digit;
      }
      return result;
    }
    return Event.NO_SEQUENCE;
  }

  /** Reads the members of an object at nesting {@code depth}, the event itself being 1. */
  private void readObject(JsonParser parser, Node node, Reading reading, int depth) {
    String name;
    while ((name = parser.nextName()) != null) {
      countField(parser, reading);
      JsonToken token = parser.nextToken();
      Node child = node.children.get(name);
      if (child == null) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          skip(parser, reading, depth + 1);
        }
      } else {
        readValue(parser, token, child, reading, depth);
      }
    }
  }

  /** Reads a value found inside a container at nesting {@code depth}. */
  private void readValue(JsonParser parser, JsonToken token, Node node, Reading reading, int depth) {
    switch (token) {
      case START_OBJECT:
        if (node.slot >= 0 && schema.isJoinKey(node.slot) && reading.problem == null) {
          reading.problem = "join key " + schema.name(node.slot) + " is an object, expected a value";
        }
        if (node.children.isEmpty()) {
          skip(parser, reading, depth + 1);
        } else {
          checkDepth(parser, reading, depth + 1);
          readObject(parser, node, reading, depth + 1);
        }
        break;
      case START_ARRAY:
        checkDepth(parser, reading, depth + 1);
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
          readValue(parser, element, node, reading, depth + 1);
        }
        break;
      case VALUE_NULL:
        // Elasticsearch indexes a mapping's null_value in place of an explicit null (not of a
        // missing field); only slots whose mapping has one pay for the look-up.
        if (node.slot >= 0 && nullValues[node.slot] != null) {
          reading.add(node.slot, nullValues[node.slot]);
        }
        break;
      case VALUE_STRING:
        if (node.slot >= 0) {
          reading.add(node.slot, reading.strings.of(parser));
        }
        break;
      default:
        if (node.slot >= 0) {
          reading.add(node.slot, parser.getString());
        }
    }
  }

  /**
   * Skips the container the parser is at, whose nesting is {@code depth}, counting its field names
   * and checking its depth: what Jackson's {@code skipChildren} does, plus the limits.
   */
  private void skip(JsonParser parser, Reading reading, int depth) {
    checkDepth(parser, reading, depth);
    int open = 1;
    while (open > 0) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.PROPERTY_NAME) {
        countField(parser, reading);
      } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        checkDepth(parser, reading, depth + open);
        open++;
      } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        open--;
      }
    }
  }

  private void checkDepth(JsonParser parser, Reading reading, int depth) {
    if (depth > limits.maxNestingDepth()) {
      throw exceeded(parser, LimitExceededException.Limit.NESTING_DEPTH, reading.index,
          "nests objects and arrays more than " + limits.maxNestingDepth() + " levels deep");
    }
  }

  private void countField(JsonParser parser, Reading reading) {
    if (++reading.fields > limits.maxFieldsPerEvent()) {
      throw exceeded(parser, LimitExceededException.Limit.FIELDS_PER_EVENT, reading.index,
          "has more than " + limits.maxFieldsPerEvent() + " fields");
    }
  }

  /** Reads an event again, materializing each string and name, to find one over the limit. */
  private void checkStringLengths(byte[] body, int start, int length, int index) {
    try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body, start, length)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        int characters = token == JsonToken.VALUE_STRING ? parser.getStringLength()
            : token == JsonToken.PROPERTY_NAME ? parser.currentName().length() : 0;
        if (characters > limits.maxStringLength()) {
          String what = token == JsonToken.PROPERTY_NAME ? "a field name" : "a string";
          // No line and column: this parser's positions count from the event, not the body.
          throw new LimitExceededException(LimitExceededException.Limit.STRING_LENGTH, index, 0, 0,
              "has " + what + " of " + characters + " characters at "
              + parser.streamReadContext().pathAsPointer() + "; at most " + limits.maxStringLength()
              + " are accepted");
        }
      }
    }
  }

  private static LimitExceededException exceeded(JsonParser parser, LimitExceededException.Limit limit, int index,
      String message) {
    TokenStreamLocation at = parser.currentTokenLocation();
    return new LimitExceededException(limit, index, at.getLineNr(), at.getColumnNr(), message);
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static Node buildTrie(FieldSchema schema) {
    Map<String, Node> byPrefix = new HashMap<>();
    Node root = new Node();
    byPrefix.put("", root);
    for (int slot = 0; slot < schema.size(); slot++) {
      String[] segments = schema.name(slot).split("\\.");
      for (int from = 0; from < segments.length; from++) {
        Node parent = byPrefix.computeIfAbsent(String.join(".", Arrays.copyOfRange(segments, 0, from)),
            prefix -> new Node());
        for (int to = from + 1; to <= segments.length; to++) {
          Node child = byPrefix.computeIfAbsent(String.join(".", Arrays.copyOfRange(segments, 0, to)),
              prefix -> new Node());
          parent.children.put(String.join(".", Arrays.copyOfRange(segments, from, to)), child);
        }
      }
      byPrefix.get(schema.name(slot)).slot = slot;
    }
    root.seal();
    int id = 0;
    for (Node node : byPrefix.values()) {
      node.id = id++;
    }
    return root;
  }

  /**
   * A position in the path trie: the keys that lead on, and the slot if a wanted field ends here.
   * The keys are also held as UTF-8 bytes in an open-addressing table, for {@link DirectScan}, which
   * looks a name up from the body's bytes without making a string of it. Each slot keeps its name's
   * hash, compared before the name: most of a document's keys are not wanted, and reading another
   * name's array to tell them apart cost a cache miss at every occupied slot probed.
   */
  static final class Node {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final Map<String, Node> children = new HashMap<>();
    int slot = -1;
    /** This node's number, from 0 up, for tables a reading keeps by node. */
    int id;
    private byte[][] names;
    /** Each slot's hash, never 0; 0 where the slot is empty. */
    private int[] hashes;
    private Node[] nodes;
    private int mask;

    boolean hasChildren() {
      return !children.isEmpty();
    }

    /** Builds the byte tables of this node and the nodes under it, once the trie is complete. */
    void seal() {
      int capacity = Integer.highestOneBit(Math.max(2, children.size() * 2) - 1) << 1;
      names = new byte[capacity][];
      hashes = new int[capacity];
      nodes = new Node[capacity];
      mask = capacity - 1;
      children.forEach((name, child) -> {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int hash = hash(bytes, 0, bytes.length);
        int i = hash & mask;
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        names[i] = bytes;
        hashes[i] = hash;
        nodes[i] = child;
        if (child.names == null) {
          child.seal();
        }
      });
    }

    /** The child whose key is the UTF-8 bytes {@code [from, from + length)} of {@code body}, or null. */
    Node child(byte[] body, int from, int length) {
      int hash = hash(body, from, length);
      for (int i = hash & mask; ; i = (i + 1) & mask) {
        int slot = hashes[i];
        if (slot == 0) {
          return null;
        }
        if (slot == hash && names[i].length == length && sameBytes(names[i], body, from)) {
          return nodes[i];
        }
      }
    }

    private static boolean sameBytes(byte[] name, byte[] body, int from) {
      for (int i = 0; i < name.length; i++) {
        if (name[i] != body[from + i]) {
          return false;
        }
      }
      return true;
    }

    /**
     * Reads at most the first and the last eight bytes: names share prefixes, rarely both ends. Never
     * 0, which marks an empty slot.
     */
    private static int hash(byte[] bytes, int from, int length) {
      long hash = length;
      if (length >= 8) {
        hash += 31 * (long) WORDS.get(bytes, from) + (long) WORDS.get(bytes, from + length - 8);
      } else {
        for (int i = from; i < from + length; i++) {
          hash = hash << 8 | (bytes[i] & 0xFF);
        }
      }
      hash *= 0x9E3779B97F4A7C15L;
      int folded = (int) (hash ^ (hash >>> 32));
      return folded == 0 ? 1 : folded;
    }
  }

  /** What one document yielded so far. */
  static final class Reading {
    final Object[] values;
    final int index;
    final RepeatedStrings strings;
    int fields;
    String problem;

    Reading(Object[] values, int index, RepeatedStrings strings) {
      this.values = values;
      this.index = index;
      this.strings = strings;
    }

    void add(int slot, String value) {
      Object current = values[slot];
      if (current == null) {
        values[slot] = value;
      } else if (current instanceof String single) {
        values[slot] = new String[] {single, value};
      } else {
        String[] many = (String[]) current;
        String[] grown = Arrays.copyOf(many, many.length + 1);
        grown[many.length] = value;
        values[slot] = grown;
      }
    }
  }
}
