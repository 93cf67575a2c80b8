package dev.seqwatch.alert;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
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
 *
 * <p>Compressors are reused, most recently returned first. A new {@link Deflater} allocates zlib's
 * state (about 270 KB of window, hash chains and buffers) and frees it again; the server touches
 * far more than its caches hold between two alerts, so that memory was cold every time, and a
 * building-block alert of one 2 KB event took 44-64 µs to deflate fresh against 15-20 µs reset,
 * with the caches flushed before each (docs/benchmarks.md, thirty-second session). A batch that
 * completes a dozen alerts now deflates them all with one warm state.
 */
final class Deflated {

  /** Idle compressors kept: about the requests that store at once; more are ended on return. */
  private static final int MAX_IDLE = 16;
  private static final Deque<Deflater> IDLE = new ArrayDeque<>(MAX_IDLE);

  private Deflated() {
  }

  static byte[] of(byte[] data) {
    Deflater deflater = take();
    byte[] deflated;
    try {
      deflated = deflate(deflater, data);
    } catch (RuntimeException | Error e) {
      deflater.end(); // in an unknown state: not reused
      throw e;
    }
    giveBack(deflater);
    return deflated;
  }

  private static byte[] deflate(Deflater deflater, byte[] data) {
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    return out.toByteArray();
  }

  private static Deflater take() {
    synchronized (IDLE) {
      Deflater idle = IDLE.pollFirst();
      if (idle != null) {
        return idle;
      }
    }
    return new Deflater(Deflater.BEST_SPEED, true);
  }

  private static void giveBack(Deflater deflater) {
    deflater.reset();
    synchronized (IDLE) {
      if (IDLE.size() < MAX_IDLE) {
        IDLE.addFirst(deflater);
        return;
      }
    }
    deflater.end();
  }

  static byte[] inflate(byte[] deflated) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 5);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int inflated = inflater.inflate(buffer);
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
