package dev.seqwatch.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.eql.Query;
import dev.seqwatch.event.Batch;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventLimits;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.FieldTypes;
import dev.seqwatch.event.RawJson;
import dev.seqwatch.eql.EqlParser;
import dev.seqwatch.eql.EventCategoryField;
import dev.seqwatch.eql.Pipe;
import dev.seqwatch.eql.Statement;
import dev.seqwatch.plan.QueryPlan;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.plan.ResultWindow;
import dev.seqwatch.plan.Explainer;
import dev.seqwatch.plan.MissingOptionalFields;
import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.sequence.Detection;
import dev.seqwatch.sequence.DetectionEngine;
import dev.seqwatch.sequence.SampleMatch;
import dev.seqwatch.sequence.SampleSearch;
import dev.seqwatch.web.BadParameterException;
import dev.seqwatch.web.Body;
import dev.seqwatch.web.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
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
  /**
   * What an event search sorts on: timestamp, then event.sequence (semantics §10.1); events equal on
   * both keep the order they were sent in, as documents equal on their sort values keep the order
   * they were indexed in.
   */
  private static final Comparator<Detection> BY_SORT_VALUES = Comparator
      .comparingLong((Detection detection) -> detection.events().get(0).timestamp())
      .thenComparingLong(detection -> detection.events().get(0).sequence());
  private static final Comparator<Event> EVENT_ORDER = Comparator.comparingLong(Event::timestamp)
      .thenComparingLong(Event::sequence).thenComparingInt(Event::index);
  /**
   * Sequences in Elasticsearch's answer order: by their last event, then their first, then their
   * join keys (several sequences end with one event when a key is multi-valued, §3.5; Elasticsearch
   * lists them by key). Chains confirmed at the end of input (§11) take their place in time. For an
   * event query this is the events' order, which the engine already gives.
   */
  private static final Comparator<Detection> SEQUENCE_ORDER = Comparator
      .comparing((Detection d) -> d.events().get(d.events().size() - 1), EVENT_ORDER)
      .thenComparing(d -> d.events().get(0), EVENT_ORDER)
      .thenComparing(Detection::joinKeys, EqlSearchController::compareKeys);
  private static final int MAX_SIZE = 10_000;

  private final JsonMapper json;
  private final RequestBodies bodies;
  private final int maxEvents;
  private final int maxQueryLength;
  private final EventLimits limits;
  private final FieldTypes types;

  EqlSearchController(JsonMapper json, SeqwatchProperties properties, EventLimits limits, FieldTypes types,
      RequestBodies bodies) {
    this.types = types;
    this.json = json;
    this.bodies = bodies;
    this.maxEvents = properties.search().maxEvents();
    this.maxQueryLength = properties.search().maxQueryLength();
    this.limits = limits;
  }

  /**
   * The request: a query, the events to run it on, how many results to keep and from which end
   * ({@code result_position}: {@code tail}, the default, or {@code head}), for a sample how many
   * samples each join-key value may give (Elasticsearch's default: 1), and the field that
   * {@code <category> where} tests ({@code event_category_field}, Elasticsearch's default
   * {@code event.category}).
   */
  record SearchRequest(String query, List<JsonNode> events, Integer size,
      @JsonProperty("result_position") String resultPosition,
      @JsonProperty("max_samples_per_key") Integer maxSamplesPerKey,
      @JsonProperty("event_category_field") String eventCategoryField) {
  }

  /**
   * Elasticsearch's {@code _eql/search} response, and with {@code explain=true} SeqWatch's
   * {@code explanation}: one entry per request event, in request order.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SearchResponse(long took, @JsonProperty("timed_out") boolean timedOut,
      @JsonProperty("is_partial") boolean isPartial, @JsonProperty("is_running") boolean isRunning, Hits hits,
      List<EventExplanation> explanation) {
  }

  /**
   * Why one event did or did not satisfy each stage.
   *
   * @param id the {@code _id} its hit carries when it is part of a result
   * @param index its position among the request's events, from 0
   */
  record EventExplanation(@JsonProperty("_id") String id, int index, List<Explainer.StageVerdict> stages) {
  }

  /**
   * Either {@code events} (an event query) or {@code sequences} (a sequence or a sample, as
   * Elasticsearch's {@code SamplePayload} answers samples). {@code total} counts what is returned,
   * as Elasticsearch's {@code Results.fromPayload} does.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Hits(Total total, List<Hit> events, List<SequenceHit> sequences) {
  }

  record Total(long value, String relation) {
  }

  /**
   * One event of the answer; {@code missing} is true only for the placeholder Elasticsearch puts
   * where a missing-event stage {@code ![ ... ]} stands in a sequence (empty index and id, source
   * {@code {}}), and absent otherwise (its {@code EqlSearchResponse.Event.MISSING_EVENT}).
   */
  record Hit(@JsonProperty("_index") String index, @JsonProperty("_id") String id,
      @JsonProperty("_source") JsonNode source, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean missing) {
  }

  record SequenceHit(@JsonProperty("join_keys") List<Object> joinKeys, List<Hit> events) {
  }

  @PostMapping(path = "/api/v1/eql/search", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Run an EQL query on sample events",
      description = "Results come in ascending time order; `size` (default 10) keeps the most recent ones "
          + "(`result_position` `tail`, the default) or the oldest (`head`), and the pipes `| head N` and `| tail N` narrow "
          + "that as Elasticsearch does. A `sample` answers in `hits.sequences`, up to `max_samples_per_key` "
          + "(default 1) per join-key value, in ascending key order. A query that does not parse answers 400 "
          + "with its line and column; one that uses a construct SeqWatch does not run yet answers 400 naming it; a "
          + "function that fails on an event where Elasticsearch's would (number of a non-number, an integer division "
          + "by zero) answers 400 eql-evaluation-error naming the function and its position. Field types come from "
          + "the bundled ECS mapping and seqwatch.mappings. With `explain=true` the answer adds `explanation`: for "
          + "each event and stage, whether it matched or the first condition of the stage that did not hold.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = SearchRequest.class))))
  SearchResponse search(HttpServletRequest request,
      @Parameter(description = "also explain, per event and stage, whether it matched or the first condition that"
          + " did not hold") @RequestParam(defaultValue = "false") boolean explain) throws IOException {
    long started = System.nanoTime();
    SearchRequest search;
    try (Body body = bodies.read(request)) {
      search = parse(body); // the request's trees are copies: nothing keeps the body's array
    }
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
    int maxSamplesPerKey = search.maxSamplesPerKey() == null ? 1 : search.maxSamplesPerKey();
    if (maxSamplesPerKey < 1) {
      throw new BadParameterException("max_samples_per_key", "max_samples_per_key must be greater than 0 but is "
          + maxSamplesPerKey);
    }
    Pipe.Kind position = position(search.resultPosition());
    Statement statement = EqlParser.parseStatement(search.query());
    Query query = statement.query();
    if (search.eventCategoryField() != null) {
      if (search.eventCategoryField().isBlank()) {
        throw new BadParameterException("event_category_field", "event_category_field must name a field");
      }
      query = EventCategoryField.apply(query, search.eventCategoryField());
    }
    if (search.query().indexOf('?') >= 0) {
      // The events and the mappings are the whole index here, so optional fields resolve as ES resolves them.
      MappedFields mapped = MappedFields.of(types, documents);
      query = MissingOptionalFields.resolve(query, mapped::contains);
    }
    RuleSet rules = RuleCompiler.compileQuery(query, search.query(), types);
    byte[] array = json.writeValueAsBytes(documents);
    Batch batch = new EventReader(rules.schema(), limits, false).read(array, 0, array.length, BodyFormat.JSON);
    if (!batch.rejections().isEmpty()) {
      Batch.Rejection first = batch.rejections().get(0);
      throw new BadParameterException("events", "event " + first.index() + ": " + first.reason());
    }
    QueryPlan plan = rules.rules().get(0).plan();
    Hits hits;
    if (plan instanceof SamplePlan sample) {
      List<SequenceHit> samples = new ArrayList<>();
      for (SampleMatch match : SampleSearch.search(sample, batch.events(), maxSamplesPerKey, size)) {
        samples.add(new SequenceHit(match.joinKeys(), hits(match.events())));
      }
      hits = new Hits(new Total(samples.size(), "eq"), null, samples);
    } else {
      DetectionEngine engine = new DetectionEngine(rules, CorrelationSettings.DEFAULTS, Ticker.systemTicker(),
          Scheduler.disabledScheduler());
      List<Detection> detections = new ArrayList<>(engine.process(batch.events()));
      // The events are all there is: the end of input closes every missing-event window (§11).
      detections.addAll(engine.closeWindows());
      ResultWindow window = ResultWindow.of(statement.pipes(), size, position);
      if (plan instanceof SequencePlan sequencePlan) {
        detections.sort(SEQUENCE_ORDER);
        List<SequenceHit> sequences = new ArrayList<>();
        for (Detection detection : window.sequences(detections)) {
          sequences.add(new SequenceHit(detection.joinKeys(),
              withPlaceholders(sequencePlan, hits(detection.events()))));
        }
        hits = new Hits(new Total(sequences.size(), "eq"), null, sequences);
      } else {
        List<Event> events = new ArrayList<>();
        window.events(detections, BY_SORT_VALUES).forEach(detection -> events.addAll(detection.events()));
        hits = new Hits(new Total(events.size(), "eq"), hits(events), null);
      }
    }
    List<EventExplanation> explanation = explain ? explain(rules.rules().get(0).query(), array) : null;
    return new SearchResponse((System.nanoTime() - started) / 1_000_000, false, false, false, hits, explanation);
  }

  /** Reads the events again over the explainer's own schema, whose slots its conjuncts use. */
  private List<EventExplanation> explain(Query query, byte[] array) {
    Explainer explainer = Explainer.of(query);
    Batch batch = new EventReader(explainer.schema(), limits, false).read(array, 0, array.length, BodyFormat.JSON);
    List<EventExplanation> explanation = new ArrayList<>();
    for (Event event : batch.events()) {
      explanation.add(new EventExplanation(id(event), event.index(), explainer.explain(event.values())));
    }
    return explanation;
  }

  /** Elasticsearch's {@code EqlSearchRequest.resultPosition} check and message. */
  private static Pipe.Kind position(String resultPosition) {
    if (resultPosition == null || resultPosition.equals("tail")) {
      return Pipe.Kind.TAIL;
    }
    if (resultPosition.equals("head")) {
      return Pipe.Kind.HEAD;
    }
    throw new BadParameterException("result_position", "result position needs to be 'head' or 'tail', received '"
        + resultPosition + "'");
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

  private SearchRequest parse(Body body) {
    SearchRequest search;
    try {
      search = json.readValue(body.bytes(), 0, body.length(), SearchRequest.class);
    } catch (DatabindException e) {
      throw new BadParameterException(e.getPath().isEmpty() ? "body" : e.getPath().get(0).getPropertyName(),
          "the request does not have the shape of a search (query, events, size, result_position,"
          + " max_samples_per_key, event_category_field) at " + path(e));
    } catch (JacksonException e) {
      throw dev.seqwatch.event.MalformedBodyException.of(e);
    }
    if (search == null || search.query() == null || search.query().isBlank()) {
      throw new BadParameterException("query", "query is required");
    }
    return search;
  }

  private static String id(Event event) {
    return event.id() != null ? event.id() : Integer.toString(event.index());
  }

  private List<Hit> hits(List<Event> events) {
    List<Hit> hits = new ArrayList<>();
    for (Event event : events) {
      RawJson source = event.source();
      JsonNode document = json.readTree(source.buffer(), source.offset(), source.length());
      hits.add(new Hit(event.indexName() != null ? event.indexName() : "events", id(event), document, null));
    }
    return hits;
  }

  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int order = Comparator.nullsFirst(Comparator.comparing(Object::toString)).compare(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** A sequence's events with a placeholder in the place of each missing-event stage. */
  private List<Hit> withPlaceholders(SequencePlan plan, List<Hit> events) {
    if (!plan.hasMissingStages()) {
      return events;
    }
    List<Hit> filled = new ArrayList<>(plan.stages().size());
    int next = 0;
    for (var stage : plan.stages()) {
      filled.add(stage.missing() ? new Hit("", "", json.createObjectNode(), true) : events.get(next++));
    }
    return filled;
  }


}
