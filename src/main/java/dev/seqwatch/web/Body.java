package dev.seqwatch.web;

/**
 * A request body read into memory: the first {@link #length()} bytes of {@link #bytes()}, an array
 * that may be longer and may come from {@link BodyBuffers}. Closing the body gives the array back,
 * so nothing may hold the array, or a slice of it, past {@link #close()}: whatever must outlive the
 * request copies its bytes first, as the engine does for the events it keeps.
 */
public final class Body implements AutoCloseable {

  private final byte[] bytes;
  private final int length;
  private final BodyBuffers from;
  private boolean closed;

  Body(byte[] bytes, int length, BodyBuffers from) {
    this.bytes = bytes;
    this.length = length;
    this.from = from;
  }

  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }

  /** Gives the array back, once: a second close must not let two later requests share it. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      from.give(bytes);
    }
  }
}
