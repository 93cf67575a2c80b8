package dev.seqwatch.web;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body into memory, gunzipping it when the client says so, and stops as soon as
 * the bytes read, after decompression, pass the limit. A gzip bomb therefore costs at most the
 * limit, never its inflated size.
 */
public final class BoundedBody {

  /** The first array of a body of unknown length; it doubles as the body grows. */
  private static final int FIRST_CHUNK = 64 * 1024;

  private BoundedBody() {
  }

  /**
   * The body in an array of {@code buffers}, to be closed once read. With a declared length and no
   * compression the body is read straight into the array, the only copy made of it; otherwise it is
   * read into an array that doubles until the body ends or passes {@code limit}.
   */
  public static Body read(InputStream in, String contentEncoding, long declaredLength, long limit,
      BodyBuffers buffers) throws IOException {
    boolean identity = contentEncoding == null || contentEncoding.isBlank()
        || contentEncoding.trim().equalsIgnoreCase("identity");
    if (identity && declaredLength >= 0) {
      if (declaredLength > limit) {
        throw new BodyTooLargeException("the request body is " + declaredLength + " bytes; at most " + limit
            + " are accepted; send smaller batches");
      }
      return readDeclared(in, (int) declaredLength, buffers);
    }
    InputStream source = in;
    if (!identity) {
      String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
      if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
        throw new UnsupportedContentEncodingException(contentEncoding);
      }
      try {
        source = new GZIPInputStream(in, 8192);
      } catch (ZipException | EOFException corrupt) {
        throw new CorruptBodyException("the body is not gzip: " + corrupt.getMessage());
      }
    }
    return readToEnd(source, source != in, limit, buffers);
  }

  private static Body readDeclared(InputStream in, int length, BodyBuffers buffers) throws IOException {
    byte[] bytes = buffers.take(length);
    Body body = new Body(bytes, length, buffers);
    try {
      // readNBytes(byte[], ...) fills the array in place; readNBytes(int) would gather 8 KiB chunks
      // and copy them again, which the profile showed as the top of the ingest path.
      int read = in.readNBytes(bytes, 0, length);
      if (read < length) {
        throw new CorruptBodyException("the body ended after " + read + " of " + length + " bytes");
      }
      return body;
    } catch (IOException | RuntimeException failed) {
      body.close();
      throw failed;
    }
  }

  private static Body readToEnd(InputStream source, boolean gzip, long limit, BodyBuffers buffers)
      throws IOException {
    byte[] bytes = buffers.take(FIRST_CHUNK);
    int total = 0;
    try {
      while (true) {
        if (total == bytes.length) {
          // One byte past the limit is enough to know the body is too large.
          int longer = (int) Math.min(Math.min(2L * bytes.length, limit + 1), Integer.MAX_VALUE - 8);
          byte[] grown = buffers.take(longer);
          System.arraycopy(bytes, 0, grown, 0, total);
          buffers.give(bytes);
          bytes = grown;
        }
        int read = readGzipAware(source, bytes, total, gzip);
        if (read == -1) {
          return new Body(bytes, total, buffers);
        }
        total += read;
        if (total > limit) {
          throw new BodyTooLargeException("the request body is larger than " + limit
              + " bytes (after decompression); send smaller batches");
        }
      }
    } catch (IOException | RuntimeException failed) {
      buffers.give(bytes);
      throw failed;
    }
  }

  private static int readGzipAware(InputStream source, byte[] bytes, int from, boolean gzip) throws IOException {
    try {
      return source.read(bytes, from, bytes.length - from);
    } catch (ZipException | EOFException corrupt) {
      if (!gzip) {
        throw corrupt;
      }
      throw new CorruptBodyException("the gzip body is corrupt or truncated: " + corrupt.getMessage());
    }
  }
}
