package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Stored alert documents of any size, the empty one included, inflate back to their bytes. */
class DeflatedProperties {

  @Property(tries = 300)
  void aDocumentInflatesBackToItsBytes(@ForAll("documents") byte[] document) {
    assertThat(Deflated.inflate(Deflated.of(document))).isEqualTo(document);
  }

  /** Its stream ends without producing a byte, which must not read as a truncated one. */
  @Example
  void anEmptyDocumentInflatesBackToNothing() {
    assertThat(Deflated.inflate(Deflated.of(new byte[0]))).isEmpty();
  }

  /** JSON-like text that repeats, as alert documents do, and random bytes, up to 64 KB. */
  @Provide
  Arbitrary<byte[]> documents() {
    Arbitrary<byte[]> text = Arbitraries.strings().withChars("{}\":,abcdefghij0123456789 ").ofMaxLength(20_000)
        .map(s -> s.repeat(1 + s.length() % 3).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(65_536);
    return Arbitraries.oneOf(text, random);
  }
}
