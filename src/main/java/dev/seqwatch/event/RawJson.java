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

  /**
   * The same document in a new array of its own, so that the request's buffer can be given to the
   * next request. Always a copy: a document can fill the buffer it was read into (a body of one
   * event whose length is the array's), and that array is reused all the same.
   */
  public RawJson copy() {
    return new RawJson(Arrays.copyOfRange(buffer, offset, offset + length), 0, length);
  }

  /**
   * The document in an array that holds nothing else: this one's when it already does, as a {@link
   * #copy} does, else a copy. Only for documents already copied out of any request's buffer.
   */
  public RawJson detach() {
    if (offset == 0 && length == buffer.length) {
      return this;
    }
    return copy();
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
