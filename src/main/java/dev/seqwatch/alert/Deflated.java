package dev.seqwatch.alert;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE (RFC 1951, no header) of stored alert documents. An alert keeps its events' whole
 * documents, and ECS documents repeat their field names and values: deflated, the corpus's
 * three-event Defend alert takes a fifth of its JSON (docs/architecture.md, Disk); documents full of
 * random ids, as the load generator's are, about half.
 *
 * <p>Written by {@link FixedHuffmanDeflater}, not zlib: a whole rule set raises a few dozen alerts
 * per thousand events, and zlib's fastest level spent 30 to 60 µs on each one's 2 to 3 KB, most of
 * it setting up its state, for output a fifth smaller than the fixed codes give. Read by zlib's
 * inflater, which reads both, so rows written before read as they always did.
 */
final class Deflated {

  private Deflated() {
  }

  static byte[] of(byte[] data) {
    return FixedHuffmanDeflater.deflate(data);
  }

  static byte[] inflate(byte[] deflated) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 5);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int inflated = inflater.inflate(buffer);
        // An empty document's stream ends without producing a byte: finished, not truncated.
        if (inflated == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("a stored alert is truncated");
        }
        out.write(buffer, 0, inflated);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalStateException("a stored alert is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
