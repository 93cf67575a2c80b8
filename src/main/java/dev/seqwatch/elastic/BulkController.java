package dev.seqwatch.elastic;

import dev.seqwatch.event.Batch;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.EventReader;
import dev.seqwatch.event.LimitExceededException;
import dev.seqwatch.event.MalformedBodyException;
import dev.seqwatch.event.TooManyEventsException;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.ingest.StageCpu;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.web.Body;
import dev.seqwatch.web.RequestBodies;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /_bulk} and {@code POST /{index}/_bulk} as Elasticsearch answers them, so shippers
 * send events unchanged. Each {@code index} or {@code create} document is run through the rules
 * exactly as {@code /api/v1/events} would run it, addressed to its {@code _index}; alerts go to the
 * store. The answer has one item per action, in order: 201 for an accepted document, 400 with a
 * reason for one that cannot be used ({@code update} and {@code delete} are not supported). A body
 * whose action lines cannot be read is refused whole, as Elasticsearch refuses it.
 */
@RestController
@Hidden
class BulkController {

  private final IngestService ingest;
  private final ActiveRules active;
  private final JsonMapper json;
  private final RequestBodies bodies;
  private final StageCpu cpu;

  BulkController(IngestService ingest, ActiveRules active, JsonMapper json, RequestBodies bodies, StageCpu cpu) {
    this.ingest = ingest;
    this.active = active;
    this.json = json;
    this.bodies = bodies;
    this.cpu = cpu;
  }

  /** Elasticsearch's bulk response; compact, as shippers search it for {@code "errors":true}. */
  record BulkResponse(long took, boolean errors, List<Map<String, Object>> items) {
  }

  @RequestMapping(path = {"/_bulk", "/{index}/_bulk"}, method = {RequestMethod.POST, RequestMethod.PUT})
  BulkResponse bulk(@PathVariable(required = false) String index, HttpServletRequest request) throws IOException {
    long started = System.nanoTime();
    List<Item> items;
    // The events read their documents in the body's array: it goes back only once they have run.
    try (Body body = bodies.read(request)) {
      ActiveRules.Snapshot rules = active.current();
      long reading = cpu.start();
      items = parse(body.bytes(), body.length(), index, rules.reader());
      cpu.since(StageCpu.Stage.READ, reading);
      if (items.size() > ingest.maxEventsPerBatch()) {
        throw new TooManyEventsException(ingest.maxEventsPerBatch());
      }
      List<Event> events = items.stream().filter(item -> item.event != null).map(item -> item.event).toList();
      ingest.recordRejected((int) items.stream().filter(item -> item.error != null).count());
      ingest.detect(rules, events);
    }
    List<Map<String, Object>> answers = new ArrayList<>(items.size());
    boolean errors = false;
    long sequence = 0;
    for (Item item : items) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("_index", item.index);
      result.put("_id", item.id);
      if (item.error == null) {
        result.put("_version", 1);
        result.put("result", "created");
        result.put("_shards", Map.of("total", 1, "successful", 1, "failed", 0));
        result.put("_seq_no", sequence++);
        result.put("_primary_term", 1);
        result.put("status", 201);
      } else {
        errors = true;
        result.put("status", 400);
        result.put("error", Map.of("type", item.errorType, "reason", item.error));
      }
      answers.add(Map.of(item.action, result));
    }
    return new BulkResponse((System.nanoTime() - started) / 1_000_000, errors, answers);
  }

  /** One action of the body, with its document read into an event or the reason it was not. */
  private static final class Item {
    String action;
    String index;
    String id;
    Event event;
    String errorType;
    String error;
  }

  private List<Item> parse(byte[] body, int length, String pathIndex, EventReader reader) {
    List<Item> items = new ArrayList<>();
    int lineNumber = 0;
    int position = 0;
    while (position < length) {
      int end = lineEnd(body, length, position);
      lineNumber++;
      if (isBlank(body, position, end)) {
        position = end + 1;
        continue;
      }
      Item item = action(body, position, end, lineNumber, pathIndex);
      position = end + 1;
      if (item.action.equals("delete")) {
        item.errorType = "illegal_argument_exception";
        item.error = "delete is not supported: SeqWatch keeps events only as evidence of alerts";
        items.add(item);
        continue;
      }
      if (position >= length) {
        throw new MalformedBodyException(lineNumber, 1, "the " + item.action + " action on line " + lineNumber
            + " has no document after it");
      }
      int documentEnd = lineEnd(body, length, position);
      lineNumber++;
      if (item.action.equals("update")) {
        item.errorType = "illegal_argument_exception";
        item.error = "update is not supported: send the whole document with index or create";
      } else if (item.index == null) {
        item.errorType = "action_request_validation_exception";
        item.error = "Validation Failed: 1: index is missing;";
      } else {
        document(body, position, documentEnd, item, reader);
      }
      position = documentEnd + 1;
      items.add(item);
    }
    return items;
  }

  private Item action(byte[] body, int start, int end, int lineNumber, String pathIndex) {
    JsonNode line;
    try {
      line = json.readTree(body, start, end - start);
    } catch (JacksonException e) {
      throw new MalformedBodyException(lineNumber, e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
          "Malformed action/metadata line [" + lineNumber + "]: " + MalformedBodyException.reason(e));
    }
    if (line == null || !line.isObject() || line.size() != 1) {
      throw new MalformedBodyException(lineNumber, 1, "Malformed action/metadata line [" + lineNumber
          + "], expected an object with one of index, create, update or delete");
    }
    String action = line.propertyNames().iterator().next();
    if (!List.of("index", "create", "update", "delete").contains(action)) {
      throw new MalformedBodyException(lineNumber, 1, "Malformed action/metadata line [" + lineNumber
          + "], unknown action [" + action + "]");
    }
    JsonNode meta = line.get(action);
    Item item = new Item();
    item.action = action;
    item.index = text(meta, "_index", pathIndex);
    item.id = text(meta, "_id", null);
    if (item.id == null) {
      item.id = generatedId();
    }
    return item;
  }

  private void document(byte[] body, int start, int end, Item item, EventReader reader) {
    Batch batch;
    try {
      batch = reader.read(body, start, end - start, BodyFormat.JSON);
    } catch (MalformedBodyException e) {
      item.errorType = "document_parsing_exception";
      item.error = "failed to parse the document: " + e.getMessage();
      return;
    } catch (LimitExceededException e) {
      // As Elasticsearch does for a document over a mapping limit: this item fails, the rest go on.
      item.errorType = "document_parsing_exception";
      item.error = "the document " + e.getMessage();
      return;
    }
    if (!batch.rejections().isEmpty()) {
      item.errorType = "document_parsing_exception";
      item.error = batch.rejections().get(0).reason();
      return;
    }
    item.event = batch.events().get(0).addressedTo(item.index);
  }

  private static String text(JsonNode meta, String field, String fallback) {
    if (meta != null && meta.get(field) != null && meta.get(field).isString()) {
      return meta.get(field).asString();
    }
    return fallback;
  }

  private static int lineEnd(byte[] body, int length, int from) {
    int end = from;
    while (end < length && body[end] != '\n') {
      end++;
    }
    return end;
  }

  private static boolean isBlank(byte[] body, int start, int end) {
    for (int i = start; i < end; i++) {
      if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /** A random 20-character id, the shape of Elasticsearch's auto-generated ids. */
  private static String generatedId() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array()).substring(0, 20);
  }
}
