package dev.seqwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Stored alert documents, of any size and from any number of threads at once, inflate back to their bytes. */
class DeflatedProperties {

  @Property(tries = 300)
  void aDocumentInflatesBackToItsBytes(@ForAll("documents") byte[] document) {
    assertThat(Deflated.inflate(Deflated.of(document))).isEqualTo(document);
  }

  @Example
  void documentsDeflatedOnManyThreadsAtOnceEachInflateToThemselves() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int id = thread;
        results.add(threads.submit(() -> {
          for (int i = 0; i < 300; i++) {
            byte[] document = ("{\"alert\":" + id + ",\"n\":" + i + ",\"pad\":\"" + "x".repeat(i * 7 % 3000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
            if (!java.util.Arrays.equals(Deflated.inflate(Deflated.of(document)), document)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
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
