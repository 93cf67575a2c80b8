package dev.seqwatch.ingest;

import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backpressure for ingest: at most {@code seqwatch.ingest.max-in-flight-requests} event and bulk
 * requests are processed at once. One more is answered at once with 429 and {@code Retry-After},
 * before its body is read, so an overloaded instance sheds load cheaply and its health endpoints
 * stay responsive. A request that got a permit is always processed to the end.
 */
@Component
public class IngestGate extends OncePerRequestFilter {

  private final Semaphore permits;
  private final int capacity;
  private final long retryAfterSeconds;
  private final Counter throttled;
  private final JsonMapper json;
  private final StageCpu cpu;

  IngestGate(SeqwatchProperties properties, MeterRegistry meters, JsonMapper json, StageCpu cpu) {
    this.capacity = properties.ingest().maxInFlightRequests();
    this.permits = new Semaphore(capacity);
    this.retryAfterSeconds = Math.max(1, properties.ingest().retryAfter().toSeconds());
    this.throttled = Counter.builder("seqwatch.ingest.throttled")
        .description("Ingest requests answered 429 because too many were in flight").register(meters);
    this.json = json;
    this.cpu = cpu;
  }

  /** Requests being processed now. */
  public int inFlight() {
    return capacity - permits.availablePermits();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !"POST".equals(request.getMethod()) && !"PUT".equals(request.getMethod())
        || !(path.equals("/api/v1/events") || path.endsWith("/_bulk"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      throttled.increment();
      ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
          capacity + " ingest requests are already in flight; retry after " + retryAfterSeconds + " s");
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
      Problems.write(response, json, problem);
      return;
    }
    long started = cpu.start();
    try {
      chain.doFilter(request, response);
    } finally {
      permits.release();
      cpu.since(StageCpu.Stage.REQUEST, started);
    }
  }
}
