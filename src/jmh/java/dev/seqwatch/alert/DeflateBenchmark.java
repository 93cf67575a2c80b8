package dev.seqwatch.alert;

import dev.seqwatch.bench.DefendEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deflating one alert's document as the store does ({@code fixedCodes}, {@link FixedHuffmanDeflater})
 * against zlib's fastest level with a compressor per document ({@code zlibFastest}, what the store
 * did before), over the generator's event documents one after another. Microseconds per document;
 * the output's size against the input's is printed once at setup. In this package because the
 * encoder is not public.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class DeflateBenchmark {

  private static final int DOCUMENTS = 2_000;

  @Param("0.3")
  public double windowsShare;

  private byte[][] documents;
  private int next;

  @Setup
  public void generate() {
    List<String> lines = new DefendEvents(42, 5_000, windowsShare).generate(DOCUMENTS, Instant.parse("2026-03-02T08:00:00Z"));
    documents = lines.stream().map(line -> line.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    long in = Arrays.stream(documents).mapToLong(d -> d.length).sum();
    long fixed = Arrays.stream(documents).mapToLong(d -> FixedHuffmanDeflater.deflate(d).length).sum();
    long zlib = Arrays.stream(documents).mapToLong(d -> zlibFastest(d).length).sum();
    System.out.printf("%n%d documents, %d bytes each on average; deflated to %.3f (fixed codes) and %.3f (zlib)%n",
        DOCUMENTS, in / DOCUMENTS, (double) fixed / in, (double) zlib / in);
  }

  @Benchmark
  public byte[] fixedCodes() {
    return FixedHuffmanDeflater.deflate(nextDocument());
  }

  @Benchmark
  public byte[] zlibFastest() {
    return zlibFastest(nextDocument());
  }

  private byte[] nextDocument() {
    byte[] document = documents[next];
    next = (next + 1) % DOCUMENTS;
    return document;
  }

  private static byte[] zlibFastest(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      byte[] out = new byte[data.length + 64];
      int written = 0;
      while (!deflater.finished()) {
        written += deflater.deflate(out, written, out.length - written);
      }
      return Arrays.copyOf(out, written);
    } finally {
      deflater.end();
    }
  }
}
