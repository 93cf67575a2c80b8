package dev.seqwatch.plan;

/**
 * Parses IPv4 and IPv6 literals to 16 bytes, IPv4 as IPv4-mapped IPv6, the form Lucene indexes
 * ({@code InetAddressPoint}: "indexing 1.2.3.4 is the same as indexing ::FFFF:1.2.3.4"). So
 * {@code ::ffff:127.0.0.1} and {@code 127.0.0.1} are one address, and so are
 * {@code 0:0:0:0:0:0:0:1} and {@code ::1} (semantics §2.11).
 *
 * <p>Never resolves names: {@code InetAddress.getByName} would send a DNS query for anything that
 * is not a literal, from an event field an attacker controls.
 */
final class IpAddresses {

  private IpAddresses() {
  }

  /** The address as 16 bytes, or null if {@code text} is not an IP literal. */
  static byte[] parse(String text) {
    if (text.indexOf(':') >= 0) {
      return parseV6(text);
    }
    long v4 = parseV4(text, 0, text.length());
    if (v4 < 0) {
      return null;
    }
    byte[] address = new byte[16];
    address[10] = (byte) 0xff;
    address[11] = (byte) 0xff;
    putV4(v4, address, 12);
    return address;
  }

  /**
   * {@code text[from, to)} as an IPv4 address, an unsigned 32-bit value, or -1 if it is not a dotted
   * quad of decimal parts of at most three digits and at most 255.
   */
  static long parseV4(String text, int from, int to) {
    long address = 0;
    int parts = 0;
    int value = -1;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i < to ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value) * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return -1;
        }
      } else if (c == '.') {
        if (value < 0 || parts > 3) {
          return -1;
        }
        address = address << 8 | value;
        parts++;
        value = -1;
        digits = 0;
      } else {
        return -1;
      }
    }
    return parts == 4 ? address : -1;
  }

  private static void putV4(long v4, byte[] into, int at) {
    for (int i = 0; i < 4; i++) {
      into[at + i] = (byte) (v4 >>> (24 - 8 * i));
    }
  }

  private static byte[] parseV6(String text) {
    byte[] address = new byte[16];
    int gap = -1;
    int group = 0;
    int i = 0;
    int length = text.length();
    if (text.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == length) {
        return address;
      }
    } else if (text.startsWith(":")) {
      return null;
    }
    while (i < length) {
      if (group == 8) {
        return null;
      }
      int end = i;
      int value = 0;
      while (end < length && Character.digit(text.charAt(end), 16) >= 0 && end - i < 5) {
        value = value * 16 + Character.digit(text.charAt(end), 16);
        end++;
      }
      if (end < length && text.charAt(end) == '.') {
        long v4 = group > 6 ? -1 : parseV4(text, i, length);
        if (v4 < 0) {
          return null;
        }
        putV4(v4, address, group * 2);
        group += 2;
        i = length;
        break;
      }
      if (end == i || end - i > 4) {
        return null;
      }
      address[group * 2] = (byte) (value >>> 8);
      address[group * 2 + 1] = (byte) value;
      group++;
      i = end;
      if (i < length) {
        if (text.charAt(i) != ':') {
          return null;
        }
        i++;
        if (i < length && text.charAt(i) == ':') {
          if (gap >= 0) {
            return null;
          }
          gap = group;
          i++;
        } else if (i == length) {
          return null;
        }
      }
    }
    if (gap < 0) {
      return group == 8 ? address : null;
    }
    if (group == 8) {
      return null;
    }
    int moved = group - gap;
    System.arraycopy(address, gap * 2, address, 16 - moved * 2, moved * 2);
    java.util.Arrays.fill(address, gap * 2, 16 - moved * 2, (byte) 0);
    return address;
  }
}
