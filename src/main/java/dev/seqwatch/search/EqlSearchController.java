package dev.seqwatch.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.event.Batch;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventLimits;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldTypes;
import dev.seqwatch.event.RawJson;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.Detection;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.web.BadParameterException;
import dev.seqwatch.web.BoundedBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tries a query on sample events, the way an analyst tries a rule before loading it. Runs on a
 * private engine that lives for the request: the live correlation state and the alert store are
 * never touched. Answers in the shape of Elasticsearch's {@code _eql/search}.
 */
@RestController
@Tag(name = "EQL search", description = "Try an EQL query on sample events")
class EqlSearchController {

  private static final int DEFAULT_SIZE = 10;
  private static final int MAX_SIZE = 10_000;

  private final JsonMapper json;
  private final long maxBodyBytes;
  private final int maxEvents;
  private final int maxQueryLength;
  private final EventLimits limits;
  private final FieldTypes types;

  EqlSearchController(JsonMapper json, SeqwatchProperties properties, EventLimits limits, FieldTypes types) {
    this.types = types;
    this.json = json;
    this.maxBodyBytes = properties.ingest().maxBodySize().toBytes();
    this.maxEvents = properties.search().maxEvents();
    this.maxQueryLength = properties.search().maxQueryLength();
    this.limits = limits;
  }

  /** The request: a query, the events to run it on, and how many results to keep. */
  record SearchRequest(String query, List<JsonNode> events, Integer size) {
  }

  /** Elasticsearch's {@code _eql/search} response. */
  record SearchResponse(long took, @JsonProperty("timed_out") boolean timedOut,
      @JsonProperty("is_partial") boolean isPartial, @JsonProperty("is_running") boolean isRunning, Hits hits) {
  }

  /** Either {@code events} (an event query) or {@code sequences} (a sequence). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Hits(Total total, List<Hit> events, List<SequenceHit> sequences) {
  }

  record Total(long value, String relation) {
  }

  record Hit(@JsonProperty("_index") String index, @JsonProperty("_id") String id,
      @JsonProperty("_source") JsonNode source) {
  }

  record SequenceHit(@JsonProperty("join_keys") List<Object> joinKeys, List<Hit> events) {
  }

  @PostMapping(path = "/api/v1/eql/search", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Run an EQL query on sample events",
      description = "Results come in ascending time order; `size` (default 10) keeps the most recent ones, as "
          + "Elasticsearch's default result_position tail does. A query that does not parse answers 400 with its "
          + "line and column; one that uses a construct SeqWatch does not run yet answers 400 naming it; a function "
          + "that fails on an event where Elasticsearch's would (number of a non-number, an integer division by zero) "
          + "answers 400 eql-evaluation-error naming the function and its position. Field types come from the "
          + "bundled ECS mapping and seqwatch.mappings.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = SearchRequest.class),
          examples = @ExampleObject(value = "{\"query\":\"process where process.name : \\\"nc*\\\"\","
              + "\"events\":[{\"@timestamp\":\"2026-03-02T08:15:19Z\",\"event\":{\"category\":\"process\"},"
              + "\"process\":{\"name\":\"ncat\"}}],\"size\":10}"))))
  SearchResponse search(HttpServletRequest request) throws IOException {
    long started = System.nanoTime();
    byte[] body = BoundedBody.read(request.getInputStream(), request.getHeader(HttpHeaders.CONTENT_ENCODING),
        maxBodyBytes);
    SearchRequest search = parse(body);
    int size = search.size() == null ? DEFAULT_SIZE : search.size();
    if (size < 0 || size > MAX_SIZE) {
      throw new BadParameterException("size", "size must be between 0 and " + MAX_SIZE + " but is " + size);
    }
    List<JsonNode> documents = search.events() == null ? List.of() : search.events();
    if (documents.size() > maxEvents) {
      throw new BadParameterException("events", "at most " + maxEvents + " events can be searched, not "
          + documents.size());
    }
    if (search.query() != null && search.query().length() > maxQueryLength) {
      throw new BadParameterException("query", "the query is " + search.query().length() + " characters long; at most "
          + maxQueryLength + " are accepted");
    }
    RuleSet rules = RuleCompiler.compileQuery(search.query(), types);
    byte[] array = json.writeValueAsBytes(documents);
    Batch batch = new EventReader(rules.schema(), limits, false).read(array, 0, array.length, BodyFormat.JSON);
    if (!batch.rejections().isEmpty()) {
      Batch.Rejection first = batch.rejections().get(0);
      throw new BadParameterException("events", "event " + first.index() + ": " + first.reason());
    }
    DetectionEngine engine = new DetectionEngine(rules, CorrelationSettings.DEFAULTS, Ticker.systemTicker(),
        Scheduler.disabledScheduler());
    List<Detection> detections = engine.process(batch.events());
    List<Detection> tail = detections.subList(Math.max(0, detections.size() - size), detections.size());
    boolean sequence = rules.rules().get(0).plan() instanceof dev.seqwatch.plan.QueryPlan.SequencePlan;
    Hits hits;
    if (sequence) {
      List<SequenceHit> sequences = new ArrayList<>();
      for (Detection detection : tail) {
        sequences.add(new SequenceHit(detection.joinKeys(), hits(detection.events())));
      }
      hits = new Hits(new Total(detections.size(), "eq"), null, sequences);
    } else {
      List<Event> events = new ArrayList<>();
      tail.forEach(detection -> events.addAll(detection.events()));
      hits = new Hits(new Total(detections.size(), "eq"), hits(events), null);
    }
    return new SearchResponse((System.nanoTime() - started) / 1_000_000, false, false, false, hits);
  }

  /** Where in the request a value had the wrong type, as a JSON pointer. */
  private static String path(DatabindException e) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      pointer.append('/').append(reference.getPropertyName() != null ? reference.getPropertyName()
          : Integer.toString(reference.getIndex()));
    }
    return pointer.length() == 0 ? "/" : pointer.toString();
  }

  private SearchRequest parse(byte[] body) {
    SearchRequest search;
    try {
      search = json.readValue(body, SearchRequest.class);
    } catch (DatabindException e) {
      throw new BadParameterException(e.getPath().isEmpty() ? "body" : e.getPath().get(0).getPropertyName(),
          "the request does not have the shape of a search (query, events, size) at " + path(e));
    } catch (JacksonException e) {
      throw dev.seqwatch.event.MalformedBodyException.of(e);
    }
    if (search == null || search.query() == null || search.query().isBlank()) {
      throw new BadParameterException("query", "query is required");
    }
    return search;
  }

  private List<Hit> hits(List<Event> events) {
    List<Hit> hits = new ArrayList<>();
    for (Event event : events) {
      RawJson source = event.source();
      JsonNode document = json.readTree(source.buffer(), source.offset(), source.length());
      String id = event.id() != null ? event.id() : Integer.toString(event.index());
      hits.add(new Hit(event.indexName() != null ? event.indexName() : "events", id, document));
    }
    return hits;
  }


}
