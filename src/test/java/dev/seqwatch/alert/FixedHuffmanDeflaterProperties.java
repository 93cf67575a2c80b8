package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The encoder's streams inflate back, through the JDK's zlib, to exactly the bytes given, whatever
 * came through the same encoder before; and text that repeats itself comes out smaller.
 */
class FixedHuffmanDeflaterProperties {

  @Property(tries = 400)
  void anyBytesInflateBackAfterAnyBytesBefore(@ForAll("documents") byte[] before, @ForAll("documents") byte[] document) {
    FixedHuffmanDeflater encoder = new FixedHuffmanDeflater(1);
    encoder.encode(before);

    assertThat(Deflated.inflate(encoder.encode(document))).isEqualTo(document);
  }

  @Property(tries = 200)
  void textThatRepeatsComesOutSmaller(@ForAll("repeatingText") byte[] text) {
    byte[] stream = FixedHuffmanDeflater.deflate(text);

    assertThat(Deflated.inflate(stream)).isEqualTo(text);
    assertThat(stream.length).isLessThan(text.length);
  }

  /** The same document again must not reach back into the one before: that was another stream. */
  @Example
  void aDocumentEncodedTwiceIsTwoStreamsOfTheirOwn() {
    FixedHuffmanDeflater encoder = new FixedHuffmanDeflater(1);
    byte[] document = "{\"process\":{\"name\":\"bash\",\"executable\":\"/bin/bash\"}}".getBytes(StandardCharsets.UTF_8);

    byte[] first = encoder.encode(document);
    byte[] second = encoder.encode(document);

    assertThat(second).isEqualTo(first);
    assertThat(Deflated.inflate(second)).isEqualTo(document);
  }

  /** Four bytes seen more than 32 KB back are out of DEFLATE's reach, though the table still has them. */
  @Example
  void aRepeatBeyondTheWindowIsWrittenAsLiterals() {
    byte[] document = new byte[40_008];
    Arrays.fill(document, (byte) 'x');
    byte[] far = "ABCD".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(far, 0, document, 0, 4);
    System.arraycopy(far, 0, document, 40_004, 4);

    assertThat(Deflated.inflate(new FixedHuffmanDeflater(1).encode(document))).isEqualTo(document);
  }

  @Example
  void aLongRunTakesTheLongestMatchesAndFewBytes() {
    byte[] run = new byte[100_000];
    Arrays.fill(run, (byte) ' ');

    byte[] stream = FixedHuffmanDeflater.deflate(run);

    assertThat(Deflated.inflate(stream)).isEqualTo(run);
    assertThat(stream.length).isLessThan(run.length / 100);
  }

  /** Near the end of the numbering the table starts over, and what it held is not taken. */
  @Example
  void anEncoderWhoseNumberingRunsOutStartsOver() {
    byte[] document = new byte[5_000];
    new Random(7).nextBytes(document);
    FixedHuffmanDeflater encoder = new FixedHuffmanDeflater(Integer.MAX_VALUE - 6_000);

    encoder.encode(document);
    byte[] afterTheEnd = encoder.encode(document);

    assertThat(Deflated.inflate(afterTheEnd)).isEqualTo(document);
  }

  @Example
  void anEmptyDocumentIsAnEmptyBlock() {
    assertThat(Deflated.inflate(FixedHuffmanDeflater.deflate(new byte[0]))).isEmpty();
  }

  /** Random bytes (nine bits for half of them), JSON-like text and runs, up to 70 KB. */
  @Provide
  Arbitrary<byte[]> documents() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(70_000);
    Arbitrary<byte[]> runs = Arbitraries.bytes().flatMap(b -> Arbitraries.integers().between(0, 70_000).map(n -> {
      byte[] run = new byte[n];
      Arrays.fill(run, b);
      return run;
    }));
    return Arbitraries.oneOf(random, repeatingText(), runs);
  }

  @Provide
  Arbitrary<byte[]> repeatingText() {
    return Arbitraries.strings().withChars("{}\":,abcdefghij0123456789 é").ofMinLength(8).ofMaxLength(24_000)
        .map(s -> s.repeat(2 + s.length() % 3).getBytes(StandardCharsets.UTF_8));
  }
}
