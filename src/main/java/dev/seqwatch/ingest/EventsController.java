package dev.seqwatch.ingest;

import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.web.Body;
import dev.seqwatch.web.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/events}: a batch of ECS events in, the chains it completed out. */
@RestController
@Tag(name = "Ingest", description = "Send events and get the verdict in the response")
class EventsController {

  static final String NDJSON = "application/x-ndjson";

  private final IngestService ingest;
  private final RequestBodies bodies;

  EventsController(IngestService ingest, RequestBodies bodies) {
    this.ingest = ingest;
    this.bodies = bodies;
  }

  @PostMapping(path = "/api/v1/events", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON, "application/ndjson"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Evaluate a batch of events against every loaded rule",
      description = "The body is a JSON array of events, a single JSON object, or NDJSON (one event a line), "
          + "optionally gzip-compressed (Content-Encoding: gzip). The events are processed as one batch; "
          + "alerts they complete are stored before the response is sent and returned in it, each once. "
          + "Events with their own problem are rejected one by one; a body that cannot be read is refused "
          + "whole and changes nothing.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
          @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "array")),
          @Content(mediaType = NDJSON, schema = @Schema(type = "string"))}))
  @ApiResponse(responseCode = "200", description = "The verdict",
      content = @Content(schema = @Schema(implementation = IngestResponse.class)))
  @ApiResponse(responseCode = "400", description = "The body is not valid JSON or NDJSON",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "413", description = "Body or batch over the configured limits",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "415", description = "Neither JSON nor NDJSON, or an unknown Content-Encoding",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "202", description = "Kafka mode: the events are on the events topic; the instance "
      + "that owns each host evaluates them, and its alerts appear in GET /api/v1/alerts",
      content = @Content(schema = @Schema(implementation = IngestResponse.class)))
  @ApiResponse(responseCode = "503", description = "Nothing of the batch was kept: the alert store is "
      + "unavailable (with Retry-After), or in Kafka mode the events topic did not take it; retry",
      content = @Content(mediaType = "application/problem+json"))
  ResponseEntity<IngestResponse> post(HttpServletRequest request) throws IOException {
    String type = request.getContentType().toLowerCase(java.util.Locale.ROOT);
    BodyFormat format = type.startsWith(NDJSON) || type.startsWith("application/ndjson")
        ? BodyFormat.NDJSON : BodyFormat.JSON;
    IngestResponse response;
    try (Body body = bodies.read(request)) {
      response = ingest.ingest(body.bytes(), body.length(), format);
    }
    return ResponseEntity.status(response.queued() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(response);
  }
}
