package dev.seqwatch.plan;

import java.util.List;

/**
 * Whether a value is one of a list of addresses or CIDR blocks, compared as addresses: the
 * {@code term}/{@code terms} query on an {@code ip} field, which also accepts CIDR notation
 * ({@code 10.0.0.0/8}). A value that is not an IP literal matches nothing, as it would not have
 * been indexed. Semantics §2.11, §10.5.
 */
final class IpTest extends ValueTest {

  /** What an IPv4 address has above it in the low half of its IPv4-mapped form, {@code ::ffff:a.b.c.d}. */
  private static final long MAPPED = 0xffffL << 32;

  /**
   * Each network as the two 64-bit halves of its 128-bit address, the bits past its prefix cleared,
   * with the masks of its prefix. Elastic's rules list twenty and more blocks in one {@code
   * cidrmatch}, tested on every network event their stage sees: compared as 16 bytes each, parsed
   * into a new array, that was about 0.4 µs per test, the costliest conditions of Elastic's rule
   * set on Linux traffic (docs/benchmarks.md, forty-second session); as two masked words it is a
   * few instructions a block, and an IPv4 value is parsed without an array.
   */
  private final long[] highs;
  private final long[] lows;
  private final long[] highMasks;
  private final long[] lowMasks;
  private final List<String> sources;

  private IpTest(long[] highs, long[] lows, long[] highMasks, long[] lowMasks, List<String> sources) {
    this.highs = highs;
    this.lows = lows;
    this.highMasks = highMasks;
    this.lowMasks = lowMasks;
    this.sources = sources;
  }

  /** Compiles address or CIDR literals; returns null naming nothing if one is not valid. */
  static IpTest compile(List<String> literals) {
    int count = literals.size();
    long[] highs = new long[count];
    long[] lows = new long[count];
    long[] highMasks = new long[count];
    long[] lowMasks = new long[count];
    for (int i = 0; i < count; i++) {
      String literal = literals.get(i);
      int slash = literal.indexOf('/');
      byte[] address = IpAddresses.parse(slash < 0 ? literal : literal.substring(0, slash));
      if (address == null) {
        return null;
      }
      int prefix = 128;
      if (slash >= 0) {
        String digits = literal.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
          return null;
        }
        boolean v4 = literal.indexOf(':') < 0;
        prefix = Integer.parseInt(digits) + (v4 ? 96 : 0);
        if (prefix > 128) {
          return null;
        }
      }
      highMasks[i] = mask(prefix);
      lowMasks[i] = mask(prefix - 64);
      highs[i] = word(address, 0) & highMasks[i];
      lows[i] = word(address, 8) & lowMasks[i];
    }
    return new IpTest(highs, lows, highMasks, lowMasks, List.copyOf(literals));
  }

  /** A 64-bit mask of its first {@code bits} bits set (none for 0 or less, all for 64 or more). */
  private static long mask(int bits) {
    return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
  }

  private static long word(byte[] address, int from) {
    long word = 0;
    for (int i = from; i < from + 8; i++) {
      word = word << 8 | (address[i] & 0xff);
    }
    return word;
  }

  @Override
  public boolean test(String value) {
    long high;
    long low;
    if (value.indexOf(':') < 0) {
      long v4 = IpAddresses.parseV4(value, 0, value.length());
      if (v4 < 0) {
        return false;
      }
      high = 0;
      low = MAPPED | v4;
    } else {
      byte[] address = IpAddresses.parse(value);
      if (address == null) {
        return false;
      }
      high = word(address, 0);
      low = word(address, 8);
    }
    for (int i = 0; i < highs.length; i++) {
      if ((high & highMasks[i]) == highs[i] && (low & lowMasks[i]) == lows[i]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "ip in " + sources;
  }
}
