package dev.seqwatch.web;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body into memory, gunzipping it when the client says so, and stops as soon as
 * the bytes read, after decompression, pass the limit. A gzip bomb therefore costs at most the
 * limit, never its inflated size.
 */
public final class BoundedBody {

  private BoundedBody() {
  }

  public static byte[] read(InputStream in, String contentEncoding, long limit) throws IOException {
    return read(in, contentEncoding, -1, limit);
  }

  /**
   * As {@link #read(InputStream, String, long)}; with a declared length and no compression the body
   * is read straight into an array of that size, the only copy made of it.
   */
  public static byte[] read(InputStream in, String contentEncoding, long declaredLength, long limit)
      throws IOException {
    boolean identity = contentEncoding == null || contentEncoding.isBlank()
        || contentEncoding.trim().equalsIgnoreCase("identity");
    if (identity && declaredLength >= 0) {
      if (declaredLength > limit) {
        throw new BodyTooLargeException("the request body is " + declaredLength + " bytes; at most " + limit
            + " are accepted; send smaller batches");
      }
      // readNBytes(byte[], ...) fills the array in place; readNBytes(int) would gather 8 KiB chunks
      // and copy them again, which the profile showed as the top of the ingest path.
      byte[] body = new byte[(int) declaredLength];
      int read = in.readNBytes(body, 0, body.length);
      if (read < declaredLength) {
        throw new CorruptBodyException("the body ended after " + read + " of " + declaredLength + " bytes");
      }
      return body;
    }
    InputStream source = in;
    if (contentEncoding != null && !contentEncoding.isBlank()) {
      String encoding = contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
      if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
        try {
          source = new GZIPInputStream(in, 8192);
        } catch (ZipException | EOFException corrupt) {
          throw new CorruptBodyException("the body is not gzip: " + corrupt.getMessage());
        }
      } else if (!encoding.equals("identity")) {
        throw new UnsupportedContentEncodingException(contentEncoding);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    int read;
    while ((read = readGzipAware(source, buffer, source != in)) != -1) {
      total += read;
      if (total > limit) {
        throw new BodyTooLargeException("the request body is larger than " + limit
            + " bytes (after decompression); send smaller batches");
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  private static int readGzipAware(InputStream source, byte[] buffer, boolean gzip) throws IOException {
    try {
      return source.read(buffer);
    } catch (ZipException | EOFException corrupt) {
      if (!gzip) {
        throw corrupt;
      }
      throw new CorruptBodyException("the gzip body is corrupt or truncated: " + corrupt.getMessage());
    }
  }
}
