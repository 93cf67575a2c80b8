package dev.seqwatch.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body into memory, gunzipping it when the client says so, and stops as soon as
 * the bytes read, after decompression, pass the limit. A gzip bomb therefore costs at most the
 * limit, never its inflated size.
 */
public final class BoundedBody {

  private BoundedBody() {
  }

  public static byte[] read(InputStream in, String contentEncoding, long limit) throws IOException {
    InputStream source = in;
    if (contentEncoding != null && !contentEncoding.isBlank()) {
      String encoding = contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
      if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
        source = new GZIPInputStream(in, 8192);
      } else if (!encoding.equals("identity")) {
        throw new UnsupportedContentEncodingException(contentEncoding);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    int read;
    while ((read = source.read(buffer)) != -1) {
      total += read;
      if (total > limit) {
        throw new BodyTooLargeException("the request body is larger than " + limit
            + " bytes (after decompression); send smaller batches");
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }
}
