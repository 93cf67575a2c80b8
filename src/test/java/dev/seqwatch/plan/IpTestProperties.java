package dev.seqwatch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

  @Property(tries = 2000)
  void blocksHoldWhatTheirPrefixSays(@ForAll("addresses") Address value,
      @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 128) Integer> prefixes,
      @ForAll("addresses") Address other) {
    // Blocks cut from the value itself (so that some hold it) and from another address.
    List<Address> bases = List.of(value, other);
    List<String> blocks = new java.util.ArrayList<>();
    List<BigInteger[]> reference = new java.util.ArrayList<>();
    for (int i = 0; i < prefixes.size(); i++) {
      Address base = bases.get(i % 2);
      boolean v4 = base.text().indexOf(':') < 0;
      int prefix = v4 ? 96 + prefixes.get(i) * 32 / 128 : prefixes.get(i);
      blocks.add(base.text() + "/" + (v4 ? prefix - 96 : prefix));
      reference.add(new BigInteger[] {base.bits(), BigInteger.valueOf(prefix)});
    }
    IpTest test = IpTest.compile(blocks);
    assertThat(test).as("%s", blocks).isNotNull();
    assertThat(test.test(value.text())).as("%s in %s", value.text(), blocks).isEqualTo(inAny(value.bits(), reference));
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

  private static boolean inAny(BigInteger address, List<BigInteger[]> blocks) {
    for (BigInteger[] block : blocks) {
      int shift = 128 - block[1].intValueExact();
      if (address.shiftRight(shift).equals(block[0].shiftRight(shift))) {
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
      text = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart)) + "::"
          + String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
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
