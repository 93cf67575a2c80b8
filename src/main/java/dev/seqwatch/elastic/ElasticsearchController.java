package dev.seqwatch.elastic;

import dev.seqwatch.alert.AlertStoreHealth;
import dev.seqwatch.config.SeqwatchProperties;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enough of Elasticsearch's REST surface for shippers that can only write to Elasticsearch
 * (Filebeat, Elastic Agent, Logstash, Vector, Fluent Bit) to start and send: the product check,
 * licence and health, and harmless acknowledgements for the templates, ILM policies and data
 * streams they set up. Every answer carries {@code X-Elastic-Product: Elasticsearch}, which the
 * official clients check on every response. Documents arrive through {@link BulkController}.
 */
@RestController
@Hidden
class ElasticsearchController {

  private final SeqwatchProperties.Elasticsearch settings;
  private final AlertStoreHealth store;
  private final boolean directIngest;

  ElasticsearchController(SeqwatchProperties properties, AlertStoreHealth store) {
    this.settings = properties.elasticsearch();
    this.store = store;
    this.directIngest = properties.ingest().mode() == SeqwatchProperties.Ingest.Mode.DIRECT;
  }

  @GetMapping("/")
  Map<String, Object> info() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("number", settings.version());
    version.put("build_flavor", "default");
    version.put("build_type", "docker");
    version.put("build_hash", "seqwatch");
    version.put("build_date", "2026-01-01T00:00:00.000Z");
    version.put("build_snapshot", false);
    version.put("lucene_version", "10.0.0");
    version.put("minimum_wire_compatibility_version", "7.17.0");
    version.put("minimum_index_compatibility_version", "7.0.0");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", settings.nodeName());
    body.put("cluster_name", settings.clusterName());
    body.put("cluster_uuid", settings.clusterUuid());
    body.put("version", version);
    body.put("tagline", "You Know, for Search");
    return body;
  }

  @GetMapping("/_license")
  Map<String, Object> license() {
    Map<String, Object> license = new LinkedHashMap<>();
    license.put("uid", settings.clusterUuid());
    license.put("type", "basic");
    license.put("mode", "basic");
    license.put("status", "active");
    return Map.of("license", license);
  }

  /**
   * The alert store is SeqWatch's one shard. Available: {@code green}. Unavailable: {@code red} when
   * this instance detects on HTTP ingest (every {@code _bulk} is answered 503 until it is back), and
   * {@code yellow} in Kafka ingest mode, where events still reach the topic. As Elasticsearch
   * ({@code ClusterHealthResponse.status()}) a red cluster is still answered 200, and a
   * {@code wait_for_status} that is not met is answered 408 with {@code timed_out}; SeqWatch does not
   * wait for the {@code timeout} first, a shipper polling it backs off all the same.
   */
  @GetMapping("/_cluster/health")
  ResponseEntity<Map<String, Object>> health(@RequestParam(name = "wait_for_status", required = false) String waitFor) {
    boolean available = store.available();
    String status = available ? "green" : directIngest ? "red" : "yellow";
    boolean timedOut = waitFor != null && rank(status) < rank(waitFor);
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("cluster_name", settings.clusterName());
    health.put("status", status);
    health.put("timed_out", timedOut);
    health.put("number_of_nodes", 1);
    health.put("number_of_data_nodes", 1);
    health.put("active_primary_shards", available ? 1 : 0);
    health.put("active_shards", available ? 1 : 0);
    health.put("relocating_shards", 0);
    health.put("initializing_shards", 0);
    health.put("unassigned_shards", available ? 0 : 1);
    health.put("active_shards_percent_as_number", available ? 100.0 : 0.0);
    return ResponseEntity.status(timedOut ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.OK).body(health);
  }

  private static int rank(String status) {
    return switch (status.toLowerCase(java.util.Locale.ROOT)) {
      case "green" -> 2;
      case "yellow" -> 1;
      default -> 0;
    };
  }

  @PutMapping({"/_index_template/{name}", "/_template/{name}", "/_ilm/policy/{name}", "/_data_stream/{name}"})
  Map<String, Object> acknowledge(@PathVariable String name) {
    return Map.of("acknowledged", true);
  }

  @RequestMapping(path = "/_index_template/{name}", method = {RequestMethod.GET, RequestMethod.HEAD})
  Map<String, Object> indexTemplate(@PathVariable String name) {
    return Map.of("index_templates", List.of(Map.of("name", name, "index_template", Map.of())));
  }

  @RequestMapping(path = "/_template/{name}", method = {RequestMethod.GET, RequestMethod.HEAD})
  Map<String, Object> legacyTemplate(@PathVariable String name) {
    return Map.of(name, Map.of("index_patterns", List.of()));
  }

  @RequestMapping(path = "/_ilm/policy/{name}", method = {RequestMethod.GET, RequestMethod.HEAD})
  Map<String, Object> ilmPolicy(@PathVariable String name) {
    return Map.of(name, Map.of("version", 1, "policy", Map.of("phases", Map.of())));
  }

  @RequestMapping(path = "/_data_stream/{name}", method = {RequestMethod.GET, RequestMethod.HEAD})
  Map<String, Object> dataStream(@PathVariable String name) {
    return Map.of("data_streams", List.of(Map.of("name", name, "status", "GREEN")));
  }
}
