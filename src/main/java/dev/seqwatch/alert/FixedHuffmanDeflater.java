package dev.seqwatch.alert;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw DEFLATE stream (RFC 1951) of one block with the fixed Huffman codes, its matches found
 * greedily through a small table of four-byte hashes. Any inflater reads it.
 *
 * <p>Why not zlib: an alert's document is a few KB, and zlib sets up about 260 KB of state for
 * each stream (the hash heads cleared, the window, the symbol buffer), which a request thread meets
 * cold after matching has run through the correlation state: for 2 to 3 KB of JSON, 28 to 39 µs in
 * a benchmark and about 60 in the whole rule set's server, a fifth of storing an alert. This
 * encoder keeps one table of 16 KB per thread and never clears it: an entry remembers a position
 * in a numbering that runs on across documents, so that one left by an earlier document lies before
 * the current document's start and is not taken. The fixed codes cost size against zlib's, which
 * are made for each stream (an ASCII letter takes eight bits here, five or six there); what
 * documents that repeat their field names gain most from is the matches, found here too.
 */
final class FixedHuffmanDeflater {

  private static final int HASH_BITS = 12;
  private static final int WINDOW = 32_768;
  private static final int MIN_MATCH = 4;
  private static final int MAX_MATCH = 258;

  /**
   * Per literal byte, then per match length (3 to 258): its code, bits reversed, then its extra
   * bits, in the low 16 bits; how many bits that is, above them.
   */
  private static final int[] LITERALS = new int[256];
  private static final int[] MATCHES = new int[MAX_MATCH + 1];
  /** Distance codes as zlib indexes them: by distance - 1 up to 256, then by (distance - 1) >> 7. */
  private static final byte[] DISTANCE_SYMBOLS = new byte[512];
  private static final int[] DISTANCE_BASES = new int[30];
  private static final int[] DISTANCE_EXTRA = new int[30];

  static {
    for (int literal = 0; literal < 256; literal++) {
      LITERALS[literal] = symbolCode(literal) | symbolLength(literal) << 16;
    }
    int[] lengthBases = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258};
    int[] lengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    for (int code = 0; code < lengthBases.length; code++) {
      int last = code + 1 < lengthBases.length ? lengthBases[code + 1] - 1 : MAX_MATCH;
      for (int length = lengthBases[code]; length <= last; length++) {
        int symbol = 257 + code;
        MATCHES[length] = (symbolCode(symbol) | (length - lengthBases[code]) << symbolLength(symbol))
            | (symbolLength(symbol) + lengthExtra[code]) << 16;
      }
    }
    int base = 1;
    for (int code = 0; code < 30; code++) {
      DISTANCE_BASES[code] = base;
      DISTANCE_EXTRA[code] = code < 4 ? 0 : (code - 2) / 2;
      base += 1 << DISTANCE_EXTRA[code];
    }
    for (int distance = 1; distance <= WINDOW; distance++) {
      int code = 29;
      while (DISTANCE_BASES[code] > distance) {
        code--;
      }
      int index = distance <= 256 ? distance - 1 : 256 + ((distance - 1) >> 7);
      DISTANCE_SYMBOLS[index] = (byte) code;
    }
  }

  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ThreadLocal<FixedHuffmanDeflater> PER_THREAD = ThreadLocal.withInitial(FixedHuffmanDeflater::new);

  /** Position + {@link #start} of the last four bytes seen with each hash, in any document. */
  private final int[] table = new int[1 << HASH_BITS];
  /** Where the next document starts in the numbering the table's entries use; never 0. */
  private int start;

  private byte[] out;
  private int written;
  private long bits;
  private int bitCount;

  private FixedHuffmanDeflater() {
    this(1);
  }

  /** An encoder whose numbering starts at {@code start}, for tests of where it runs out. */
  FixedHuffmanDeflater(int start) {
    this.start = start;
  }

  /** {@code data} as a raw DEFLATE stream, by this thread's encoder. */
  static byte[] deflate(byte[] data) {
    return PER_THREAD.get().encode(data);
  }

  /** {@code data} as a raw DEFLATE stream. */
  byte[] encode(byte[] data) {
    int length = data.length;
    if (start > Integer.MAX_VALUE - length - 1) {
      Arrays.fill(table, 0);
      start = 1;
    }
    out = new byte[length + (length >> 3) + 16]; // nine bits at most per byte, the block's frame, a word's slack
    written = 0;
    bits = 0;
    bitCount = 0;
    write(0b011, 3); // the last block, fixed codes
    int position = 0;
    for (int last = length - MIN_MATCH; position <= last; ) {
      int word = word(data, position);
      int slot = (word * 0x9E3779B1) >>> (32 - HASH_BITS);
      int candidate = table[slot] - start;
      table[slot] = position + start;
      if (candidate >= 0 && position - candidate <= WINDOW && word(data, candidate) == word) {
        int matched = MIN_MATCH;
        for (int most = Math.min(MAX_MATCH, length - position);
            matched < most && data[candidate + matched] == data[position + matched]; ) {
          matched++;
        }
        writeMatch(matched, position - candidate);
        position += matched;
      } else {
        writeLiteral(data[position] & 0xFF);
        position++;
      }
    }
    for (; position < length; position++) {
      writeLiteral(data[position] & 0xFF);
    }
    write(0, 7); // end of block: symbol 256, seven zero bits
    for (; bitCount > 0; bitCount -= 8) {
      out[written++] = (byte) bits;
      bits >>>= 8;
    }
    start += length + 1;
    byte[] stream = Arrays.copyOf(out, written);
    out = null;
    return stream;
  }

  private void writeLiteral(int literal) {
    int code = LITERALS[literal];
    write(code & 0xFFFF, code >>> 16);
  }

  private void writeMatch(int length, int distance) {
    int symbol = DISTANCE_SYMBOLS[distance <= 256 ? distance - 1 : 256 + ((distance - 1) >> 7)];
    // Distance codes are five bits; reversed, and their extra bits after them.
    int distanceCode = Integer.reverse(symbol) >>> 27 | (distance - DISTANCE_BASES[symbol]) << 5;
    int code = MATCHES[length];
    write(code & 0xFFFF, code >>> 16);
    write(distanceCode, 5 + DISTANCE_EXTRA[symbol]);
  }

  /** Appends the low {@code count} bits of {@code value}, first bit first, as DEFLATE packs them. */
  private void write(int value, int count) {
    bits |= (long) value << bitCount;
    bitCount += count;
    if (bitCount >= 32) {
      out[written] = (byte) bits;
      out[written + 1] = (byte) (bits >>> 8);
      out[written + 2] = (byte) (bits >>> 16);
      out[written + 3] = (byte) (bits >>> 24);
      written += 4;
      bits >>>= 32;
      bitCount -= 32;
    }
  }

  private static int word(byte[] data, int at) {
    return (int) WORDS.get(data, at);
  }

  /** A literal/length symbol's fixed code (RFC 1951, 3.2.6), its bits reversed for writing. */
  private static int symbolCode(int symbol) {
    int length = symbolLength(symbol);
    int code;
    if (symbol < 144) {
      code = 0x30 + symbol;
    } else if (symbol < 256) {
      code = 0x190 + symbol - 144;
    } else if (symbol < 280) {
      code = symbol - 256;
    } else {
      code = 0xC0 + symbol - 280;
    }
    return Integer.reverse(code) >>> (32 - length);
  }

  private static int symbolLength(int symbol) {
    return symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8;
  }
}
