package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link IpTest} decides what a plain reading of a CIDR block decides: an address is in a block when
 * the first bits of its 128-bit form (IPv4 mapped into IPv6, semantics §2.11), as many as the
 * block's prefix, are the block's. The addresses are made from numbers, written in the forms
 * events and rules use, so the reference does not share the parser under test.
 */
class IpTestProperties {

  /** An address as a 128-bit number and one way of writing it. */
  record Address(BigInteger bits, String text) {
  }

  private static final BigInteger MAPPED = BigInteger.valueOf(0xffffL).shiftLeft(32);

  @Provide
  Arbitrary<Address> addresses() {
    Arbitrary<Address> v4 = Arbitraries.longs().between(0, 0xffffffffL).map(IpTestProperties::v4);
    Arbitrary<Address> mappedDotted = Arbitraries.longs().between(0, 0xffffffffL)
        .map(n -> new Address(MAPPED.or(BigInteger.valueOf(n)), "::ffff:" + v4(n).text()));
    Arbitrary<Address> v6 = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.of(true, false))
        .as((high, low, compressed) -> v6(new BigInteger(1, bytes(high, low)), compressed));
    Arbitrary<Address> sparse = Arbitraries.integers().between(0, 127)
        .map(bit -> v6(BigInteger.ONE.shiftLeft(bit), true));
    return Arbitraries.oneOf(v4, v4, mappedDotted, v6, sparse);
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.0400", "01.2.3.4x", "::ffff:1.2.3", ":::",
        "1::2::3", "12345::", "g::1", "1.2.3.4/8", "localhost", " 1.2.3.4");
  }

  /** A block as the reference reads it: an address and how many of its first bits a member shares. */
  private record Block(BigInteger bits, int prefix) {
  }

  @Property(tries = 2000)
  void blocksHoldWhatTheirPrefixSays(@ForAll("addresses") Address value,
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 128) Integer> prefixes,
      @ForAll @Size(min = 6, max = 6) List<@IntRange(min = 0, max = 127) Integer> flips,
      @ForAll("addresses") Address other) {
    // Odd blocks are cut from another address; even ones from the value with one bit flipped, so
    // that the value is in the block exactly when the prefix stops before that bit.
    List<String> blocks = new ArrayList<>();
    List<Block> reference = new ArrayList<>();
    for (int i = 0; i < prefixes.size(); i++) {
      Address base = i % 2 == 0 ? neighbour(value, flips.get(i)) : other;
      boolean v4 = base.text().indexOf(':') < 0;
      int prefix = v4 ? 96 + prefixes.get(i) * 32 / 128 : prefixes.get(i);
      blocks.add(base.text() + "/" + (v4 ? prefix - 96 : prefix));
      reference.add(new Block(base.bits(), prefix));
    }
    IpTest test = IpTest.compile(blocks);
    assertThat(test).as("%s", blocks).isNotNull();
    assertThat(test.test(value.text())).as("%s in %s", value.text(), blocks).isEqualTo(inAny(value.bits(), reference));
  }

  /**
   * {@code address} with bit {@code flip} of its 128 (counted from the lowest) turned over, written
   * as it was: an IPv4 address has its flip in its own 32 bits.
   */
  private static Address neighbour(Address address, int flip) {
    if (address.text().indexOf(':') < 0) {
      return v4(address.bits().subtract(MAPPED).longValueExact() ^ 1L << (flip % 32));
    }
    return v6(address.bits().flipBit(flip), flip % 2 == 0);
  }

  @Property(tries = 300)
  void singleAddressesAreBlocksOfOne(@ForAll("addresses") Address value, @ForAll("addresses") Address other) {
    assertThat(IpTest.compile(List.of(value.text())).test(value.text())).isTrue();
    assertThat(IpTest.compile(List.of(other.text())).test(value.text())).isEqualTo(other.bits().equals(value.bits()));
  }

  @Property(tries = 100)
  void whatIsNotAnAddressIsInNoBlock(@ForAll("garbage") String value) {
    assertThat(IpTest.compile(List.of("0.0.0.0/0", "::/0")).test(value)).as(value).isFalse();
  }

  private static boolean inAny(BigInteger address, List<Block> blocks) {
    for (Block block : blocks) {
      int shift = 128 - block.prefix();
      if (address.shiftRight(shift).equals(block.bits().shiftRight(shift))) {
        return true;
      }
    }
    return false;
  }

  private static Address v4(long n) {
    String text = (n >>> 24 & 0xff) + "." + (n >>> 16 & 0xff) + "." + (n >>> 8 & 0xff) + "." + (n & 0xff);
    return new Address(MAPPED.or(BigInteger.valueOf(n)), text);
  }

  /** Eight groups of hex, or with the longest run of zero groups (two or more) written {@code ::}. */
  private static Address v6(BigInteger bits, boolean compressed) {
    String[] groups = new String[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = Integer.toHexString(bits.shiftRight(112 - 16 * i).intValue() & 0xffff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    String text;
    if (!compressed || bestStart < 0) {
      text = String.join(":", groups);
    } else {
      text = String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
          + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    }
    return new Address(bits, text);
  }

  private static byte[] bytes(long high, long low) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return bytes;
  }
}
