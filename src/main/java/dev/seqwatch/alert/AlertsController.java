package dev.seqwatch.alert;

import dev.seqwatch.web.BadParameterException;
import dev.seqwatch.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Alerts for analysts: newest first, filtered, paged by cursor; one by id; optionally in Kibana's shape. */
@RestController
@Tag(name = "Alerts", description = "Browse stored alerts")
class AlertsController {

  static final int MAX_PAGE = 500;
  private static final String BUILDING_BLOCK = "`false` leaves out the alerts of building-block rules, as Kibana's"
      + " alerts table does unless asked; `true` keeps only those; absent, both";
  /** Kibana's rule severities. */
  private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

  private final AlertStore store;
  private final JsonMapper json;

  AlertsController(AlertStore store, JsonMapper json) {
    this.store = store;
    this.json = json;
  }

  /** One page of alerts and, when there are more, the link to the next page. */
  record AlertPage(List<Object> alerts, String next) {
  }

  @GetMapping("/api/v1/alerts")
  @Operation(summary = "List alerts, newest first",
      description = "Filters combine with AND. Follow `next` for the following page; it is absent on the last one.")
  AlertPage list(
      @Parameter(description = "only alerts on this host.id") @RequestParam(name = "host_id", required = false) String hostId,
      @Parameter(description = "only alerts of this rule") @RequestParam(name = "rule_id", required = false) String ruleId,
      @Parameter(description = "only alerts whose rule had this severity: low, medium, high or critical")
      @RequestParam(required = false) String severity,
      @Parameter(description = BUILDING_BLOCK, schema = @Schema(allowableValues = {"true", "false"}))
      @RequestParam(name = "building_block", required = false) String buildingBlock,
      @Parameter(description = "detected at or after (ISO-8601)") @RequestParam(required = false) String from,
      @Parameter(description = "detected before (ISO-8601)") @RequestParam(required = false) String to,
      @Parameter(description = "page size, 1 to 500") @RequestParam(defaultValue = "50") int size,
      @Parameter(description = "opaque position from a previous page's next link") @RequestParam(required = false) String cursor,
      @Parameter(description = "`elastic` for Kibana's alert documents (one shell plus one building block per event)")
      @RequestParam(required = false) String format) {
    if (size < 1 || size > MAX_PAGE) {
      throw new BadParameterException("size", "size must be between 1 and " + MAX_PAGE + " but is " + size);
    }
    boolean elastic = elastic(format);
    AlertCursor after = null;
    if (cursor != null) {
      after = AlertCursor.decode(cursor);
      if (after == null) {
        throw new BadParameterException("cursor", "cursor is not one this service returned");
      }
    }
    AlertQuery query = query(hostId, ruleId, severity, buildingBlock, from, to);
    List<Alert> page = store.list(query, after, size + 1);
    String next = null;
    if (page.size() > size) {
      page = page.subList(0, size);
      Alert last = page.get(size - 1);
      next = UriComponentsBuilder.fromPath("/api/v1/alerts")
          .queryParamIfPresent("host_id", java.util.Optional.ofNullable(hostId))
          .queryParamIfPresent("rule_id", java.util.Optional.ofNullable(ruleId))
          .queryParamIfPresent("severity", java.util.Optional.ofNullable(severity))
          .queryParamIfPresent("building_block", java.util.Optional.ofNullable(buildingBlock))
          .queryParamIfPresent("from", java.util.Optional.ofNullable(from))
          .queryParamIfPresent("to", java.util.Optional.ofNullable(to))
          .queryParam("size", size)
          .queryParamIfPresent("format", java.util.Optional.ofNullable(format))
          .queryParam("cursor", new AlertCursor(last.detectedAt(), last.id()).encode())
          .encode().build().toUriString();
    }
    List<Object> alerts = new ArrayList<>();
    for (Alert alert : page) {
      if (elastic) {
        alerts.addAll(ElasticAlerts.of(alert, json));
      } else {
        alerts.add(alert);
      }
    }
    return new AlertPage(alerts, next);
  }

  /** How many alerts match, per rule and per host (a null host: alerts without host.id), most first. */
  record AlertCounts(long total, List<AlertStore.Count> rules, List<AlertStore.Count> hosts) {
  }

  @GetMapping("/api/v1/alerts/_counts")
  @Operation(summary = "Count alerts per rule and per host",
      description = "Takes the filters of the list; the console shows these counts beside it.")
  AlertCounts counts(
      @Parameter(description = "only alerts on this host.id") @RequestParam(name = "host_id", required = false) String hostId,
      @Parameter(description = "only alerts of this rule") @RequestParam(name = "rule_id", required = false) String ruleId,
      @Parameter(description = "only alerts whose rule had this severity") @RequestParam(required = false) String severity,
      @Parameter(description = BUILDING_BLOCK, schema = @Schema(allowableValues = {"true", "false"}))
      @RequestParam(name = "building_block", required = false) String buildingBlock,
      @Parameter(description = "detected at or after (ISO-8601)") @RequestParam(required = false) String from,
      @Parameter(description = "detected before (ISO-8601)") @RequestParam(required = false) String to) {
    AlertQuery query = query(hostId, ruleId, severity, buildingBlock, from, to);
    List<AlertStore.Count> rules = store.countBy(query, AlertStore.CountColumn.RULE);
    return new AlertCounts(rules.stream().mapToLong(AlertStore.Count::count).sum(), rules,
        store.countBy(query, AlertStore.CountColumn.HOST));
  }

  @GetMapping("/api/v1/alerts/{id}")
  @Operation(summary = "One alert by id")
  Object one(@PathVariable String id,
      @Parameter(description = "`elastic` for Kibana's alert documents") @RequestParam(required = false) String format) {
    boolean elastic = elastic(format);
    Alert alert = store.find(id).orElseThrow(() -> new NotFoundException("no alert has id " + id));
    return elastic ? ElasticAlerts.of(alert, json) : alert;
  }

  private static AlertQuery query(String hostId, String ruleId, String severity, String buildingBlock, String from,
      String to) {
    if (severity != null && !SEVERITIES.contains(severity)) {
      throw new BadParameterException("severity", "severity must be one of " + SEVERITIES + ", not '" + severity + "'");
    }
    return new AlertQuery(hostId, ruleId, severity, buildingBlock(buildingBlock), instant("from", from),
        instant("to", to));
  }

  private static Boolean buildingBlock(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new BadParameterException("building_block",
          "building_block must be true or false, not '" + value + "'");
    };
  }

  private static boolean elastic(String format) {
    if (format == null || format.equals("seqwatch")) {
      return false;
    }
    if (format.equals("elastic")) {
      return true;
    }
    throw new BadParameterException("format", "format must be 'elastic' or left out, not '" + format + "'");
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadParameterException(name, name + " must be an ISO-8601 instant such as 2026-03-02T08:00:00Z, not '"
          + value + "'");
    }
  }
}
