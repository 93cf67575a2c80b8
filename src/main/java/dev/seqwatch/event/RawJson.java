package dev.seqwatch.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one original event document, as the shipper sent it. The engine keeps these as
 * evidence; it never reads fields from them again.
 *
 * <p>While a batch is being processed the bytes may be a window of the request buffer; {@link
 * #detach()} copies them out before anything keeps them past the batch.
 */
public record RawJson(byte[] buffer, int offset, int length) {

  /** The same document in an array of its own, so the request buffer can be released. */
  public RawJson detach() {
    if (offset == 0 && length == buffer.length) {
      return this;
    }
    return new RawJson(Arrays.copyOfRange(buffer, offset, offset + length), 0, length);
  }

  @Override
  public String toString() {
    return new String(buffer, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson that
        && Arrays.equals(buffer, offset, offset + length, that.buffer, that.offset, that.offset + that.length);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + buffer[i];
    }
    return hash;
  }
}
