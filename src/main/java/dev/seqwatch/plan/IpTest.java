package dev.seqwatch.plan;

import java.util.List;

/**
 * Whether a value is one of a list of addresses or CIDR blocks, compared as addresses: the
 * {@code term}/{@code terms} query on an {@code ip} field, which also accepts CIDR notation
 * ({@code 10.0.0.0/8}). A value that is not an IP literal matches nothing, as it would not have
 * been indexed. Semantics §2.11, §10.5.
 */
final class IpTest extends ValueTest {

  private final byte[][] networks;
  private final int[] prefixBits;
  private final List<String> sources;

  private IpTest(byte[][] networks, int[] prefixBits, List<String> sources) {
    this.networks = networks;
    this.prefixBits = prefixBits;
    this.sources = sources;
  }

  /** Compiles address or CIDR literals; returns null naming nothing if one is not valid. */
  static IpTest compile(List<String> literals) {
    byte[][] networks = new byte[literals.size()][];
    int[] bits = new int[literals.size()];
    for (int i = 0; i < literals.size(); i++) {
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
      networks[i] = address;
      bits[i] = prefix;
    }
    return new IpTest(networks, bits, List.copyOf(literals));
  }

  @Override
  public boolean test(String value) {
    byte[] address = IpAddresses.parse(value);
    if (address == null) {
      return false;
    }
    for (int i = 0; i < networks.length; i++) {
      if (inNetwork(address, networks[i], prefixBits[i])) {
        return true;
      }
    }
    return false;
  }

  private static boolean inNetwork(byte[] address, byte[] network, int bits) {
    int whole = bits / 8;
    for (int i = 0; i < whole; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (address[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public String toString() {
    return "ip in " + sources;
  }
}
