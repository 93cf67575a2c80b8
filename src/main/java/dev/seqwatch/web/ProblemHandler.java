package dev.seqwatch.web;

import dev.seqwatch.alert.AlertStoreUnavailableException;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.eql.EqlParseException;
import dev.seqwatch.eql.UnsupportedEqlException;
import dev.seqwatch.plan.EvaluationException;
import dev.seqwatch.event.LimitExceededException;
import dev.seqwatch.event.MalformedBodyException;
import dev.seqwatch.event.TooManyEventsException;
import dev.seqwatch.ingest.EventsTopicUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps failures to problem details. Spring MVC's own exceptions (unsupported media type, missing
 * parameters, unknown paths) get theirs from {@link ResponseEntityExceptionHandler}; ours are
 * mapped here; anything unexpected is logged in full and answered with a plain 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final long retryAfterSeconds;

  ProblemHandler(SeqwatchProperties properties) {
    this.retryAfterSeconds = Math.max(1, properties.ingest().retryAfter().toSeconds());
  }

  @ExceptionHandler
  ProblemDetail malformedBody(MalformedBodyException e) {
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
        "the body is not valid JSON or NDJSON at line " + e.line() + ", column " + e.column() + ": "
            + e.getMessage());
    problem.setProperty("line", e.line());
    problem.setProperty("column", e.column());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail corruptBody(CorruptBodyException e) {
    return Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail bodyTooLarge(BodyTooLargeException e) {
    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail limitExceeded(LimitExceededException e) {
    ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded", "An event is over a limit",
        "event " + e.event() + " " + e.getMessage());
    problem.setProperty("limit", switch (e.limit()) {
      case NESTING_DEPTH -> "seqwatch.ingest.max-nesting-depth";
      case STRING_LENGTH -> "seqwatch.ingest.max-string-length";
      case FIELDS_PER_EVENT -> "seqwatch.ingest.max-fields-per-event";
    });
    problem.setProperty("event", e.event());
    if (e.line() > 0) {
      problem.setProperty("line", e.line());
      problem.setProperty("column", e.column());
    }
    return problem;
  }

  @ExceptionHandler
  ProblemDetail tooManyEvents(TooManyEventsException e) {
    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-many-events", "Too many events in one request",
        e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail unsupportedEncoding(UnsupportedContentEncodingException e) {
    return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-encoding", "Unsupported content encoding",
        e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail badQuery(EqlParseException e) {
    boolean unsupported = e instanceof UnsupportedEqlException;
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, unsupported ? "unsupported-eql" : "invalid-eql",
        unsupported ? "EQL construct not supported yet" : "Invalid EQL query", e.getMessage());
    problem.setProperty("line", e.line());
    problem.setProperty("column", e.column());
    if (e instanceof UnsupportedEqlException construct) {
      problem.setProperty("construct", construct.construct());
    }
    return problem;
  }

  /** A function Elasticsearch would fail on at query time: its script error is a 400 too. */
  @ExceptionHandler
  ProblemDetail evaluationFailed(EvaluationException e) {
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "eql-evaluation-error",
        "EQL function failed on an event", e.getMessage());
    problem.setProperty("line", e.line());
    problem.setProperty("column", e.column());
    problem.setProperty("function", e.function());
    if (e.argument() != null) {
      problem.setProperty("argument", e.argument());
    }
    return problem;
  }

  @ExceptionHandler
  ProblemDetail notFound(NotFoundException e) {
    return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail badParameter(BadParameterException e) {
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
        e.getMessage());
    problem.setProperty("parameter", e.parameter());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail eventsTopicUnavailable(EventsTopicUnavailableException e) {
    log.warn("Refused a batch: {}", e.getMessage());
    return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "events-topic-unavailable", "Events topic unavailable",
        "the events could not be handed to the events topic; retry later");
  }

  /** Shippers back off on 503 with {@code Retry-After} and send the batch again: nothing of it was kept. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> alertStoreUnavailable(AlertStoreUnavailableException e) {
    ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "alert-store-unavailable",
        "Alert store unavailable", "alerts cannot be stored now, so the events were not accepted; retry after "
            + retryAfterSeconds + " s");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", Long.toString(retryAfterSeconds))
        .body(problem);
  }

  @ExceptionHandler
  ProblemDetail unexpected(Exception e) {
    log.error("Unexpected failure while serving a request", e);
    return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
        "SeqWatch could not complete the request; the server log has the details");
  }
}
