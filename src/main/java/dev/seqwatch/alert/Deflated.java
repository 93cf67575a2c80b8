package dev.seqwatch.alert;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE (RFC 1951, no header) of stored alert documents. An alert keeps its events' whole
 * documents, and ECS documents repeat their field names and values: deflated, a Defend alert takes
 * about a sixth of its JSON (docs/architecture.md, Disk).
 *
 * <p>At the fastest level: a whole rule set raises a few dozen alerts per thousand events, and on a
 * three-event Defend alert (14 KB of JSON) zlib's default level took 100 µs against 35-40 µs at
 * this one, for 12 % against 14 % of the JSON's size.
 */
final class Deflated {

  private Deflated() {
  }

  static byte[] of(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
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
