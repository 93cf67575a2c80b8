package dev.seqwatch.web;

import dev.seqwatch.config.SeqwatchProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Reads the bodies of the endpoints that take events (the events endpoint, {@code _bulk}, {@code
 * _eql/search}), within {@code seqwatch.ingest.max-body-size}, into arrays kept between requests
 * ({@link BodyBuffers}).
 */
@Component
public class RequestBodies {

  /**
   * As many bodies as requests usually run at once (shippers keep a few connections each); a
   * request past them gets an array of its own, as every request did before.
   */
  private static final int SLOTS = 8;
  /** Batches of a few thousand events fit; larger arrays are not worth pinning between requests. */
  private static final int LARGEST = 8 * 1024 * 1024;

  private final BodyBuffers buffers = new BodyBuffers(SLOTS, LARGEST);
  private final long limit;

  RequestBodies(SeqwatchProperties properties) {
    this.limit = properties.ingest().maxBodySize().toBytes();
  }

  /** The request's body, decompressed; close it once nothing reads it any more. */
  public Body read(HttpServletRequest request) throws IOException {
    return BoundedBody.read(request.getInputStream(), request.getHeader(HttpHeaders.CONTENT_ENCODING),
        request.getContentLengthLong(), limit, buffers);
  }
}
