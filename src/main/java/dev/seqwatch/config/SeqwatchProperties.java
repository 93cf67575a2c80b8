package dev.seqwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of SeqWatch, under {@code seqwatch.*}. Documented in the README's configuration
 * table; defaults here are the ones that table shows.
 *
 * <p>{@code mappings}: Elasticsearch mapping or index template JSON files whose field types rules
 * and {@code eql/search} use on top of the bundled ECS types (docs/semantics.md §13); a later file
 * wins over an earlier one.
 */
@ConfigurationProperties("seqwatch")
public record SeqwatchProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue Rules rules,
    @DefaultValue Correlation correlation,
    @DefaultValue Ingest ingest,
    @DefaultValue Search search,
    @DefaultValue Elasticsearch elasticsearch,
    @DefaultValue Security security,
    @DefaultValue Kafka kafka,
    @DefaultValue List<Path> mappings,
    @DefaultValue Alerts alerts,
    @DefaultValue Memory memory,
    @DefaultValue Jit jit) {

  /**
   * The JVM's memory (README, Memory sizing).
   *
   * @param touchEden allocate once through the young generation at start, so that the kernel maps
   *     and clears its pages before the service takes traffic rather than during its first minutes
   */
  public record Memory(@DefaultValue("true") boolean touchEden) {
  }

  /**
   * The JVM's compilers (README, "The JIT compilers").
   *
   * @param c1OnlyPackages packages, subpackages included, whose methods HotSpot compiles with C1
   *     only, never C2: code run per request rather than per event, whose C2 compilations otherwise
   *     trickle on for minutes of load. Empty leaves the compilers as they are. Tomcat's packages
   *     are named, not {@code org.apache}: the Kafka client's record parsing runs per event
   * @param c2KeptPackages packages within those, subpackages included, that C2 still compiles: H2's
   *     B-trees and values, which a rule set raising many alerts runs hot
   */
  public record Jit(
      @DefaultValue({"org.apache.catalina", "org.apache.coyote", "org.apache.tomcat", "org.springframework", "org.h2",
          "com.zaxxer", "io.micrometer", "io.prometheus", "jakarta", "ch.qos", "org.slf4j"}) List<String> c1OnlyPackages,
      @DefaultValue({"org.h2.mvstore", "org.h2.value"}) List<String> c2KeptPackages) {
  }

  /**
   * The alert store (docs/architecture.md, Durability and Disk).
   *
   * @param retention how long an alert is kept after its detection; older ones are deleted in the
   *     background. {@code 0} keeps alerts forever
   * @param compaction how often the embedded H2 store rewrites its emptiest chunks, as H2's own
   *     background writer would ({@code alert.EmbeddedStoreCompaction}); {@code 0} turns it off.
   *     Nothing on PostgreSQL
   */
  public record Alerts(@DefaultValue("90d") Duration retention, @DefaultValue("10s") Duration compaction) {
  }

  /**
   * Where rules come from (README, "Rule files").
   *
   * @param path folders of detection-rules TOML files, read recursively, loaded besides the bundled
   *     rule; none by default
   * @param includeBundled whether to load the bundled "Potential Reverse Shell via Suspicious Binary"
   * @param strict refuse to start (or reload) when a rule failed or uses an EQL construct not
   *     supported yet, instead of running the others
   * @param disabled rule ids not to load
   */
  public record Rules(
      @DefaultValue List<Path> path,
      @DefaultValue("true") boolean includeBundled,
      @DefaultValue("false") boolean strict,
      @DefaultValue Set<String> disabled) {
  }

  /**
   * Bounds on one ingest request; a request over any of them is refused whole with a 4xx.
   *
   * @param maxBodySize the largest body, counted after gzip decompression
   * @param maxEventsPerBatch the most events (valid or not) in one request
   * @param maxNestingDepth the deepest JSON nesting of objects and arrays
   * @param maxStringLength the longest string value or field name, in characters
   * @param maxFieldsPerEvent the most field names in one event, nested ones included
   * @param dateAsTimestamp use Fluent Bit's {@code date} key (epoch seconds or ISO-8601) as the
   *     timestamp of an event that has no {@code @timestamp}
   * @param maxInFlightRequests ingest requests processed at once; more are answered 429
   * @param retryAfter what a 429 tells the client to wait
   * @param mode {@code direct}: detect in the request and answer with the verdict; {@code kafka}:
   *     produce the events to the events topic and answer 202, for several instances (docs/scaling.md)
   * @param socketReadBuffer the most of a body one read from the socket takes; every open
   *     connection holds a buffer of this size
   */
  public record Ingest(
      @DefaultValue("10MB") DataSize maxBodySize,
      @DefaultValue("10000") int maxEventsPerBatch,
      @DefaultValue("64") int maxNestingDepth,
      @DefaultValue("1048576") int maxStringLength,
      @DefaultValue("1000") int maxFieldsPerEvent,
      @DefaultValue("false") boolean dateAsTimestamp,
      @DefaultValue("16") int maxInFlightRequests,
      @DefaultValue("1s") Duration retryAfter,
      @DefaultValue("direct") Mode mode,
      @DefaultValue("128KB") DataSize socketReadBuffer) {

    public Ingest {
      if (socketReadBuffer.toBytes() < 1024 || socketReadBuffer.toBytes() > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("socket-read-buffer must be between 1KB and 16MB, not " + socketReadBuffer);
      }
    }

    /** Where accepted events go. */
    public enum Mode { DIRECT, KAFKA }
  }

  /**
   * How SeqWatch presents itself to shippers that speak to Elasticsearch.
   *
   * @param version the version number reported by {@code GET /}; shippers check its major version
   */
  public record Elasticsearch(
      @DefaultValue("8.17.0") String version,
      @DefaultValue("seqwatch") String clusterName,
      @DefaultValue("seqwatch") String nodeName,
      @DefaultValue("c2Vxd2F0Y2gtY2x1c3Rlcg") String clusterUuid) {
  }

  /**
   * The correlation state of sequence rules (docs/semantics.md §10.2, §10.3).
   *
   * @param allowedLateness how far behind a key's newest event another may arrive and still be
   *     put in its place; also added to maxspan for how long idle state is kept
   * @param maximumWeight bound on the memory of all correlation state, approximately
   * @param maxCandidatesPerKey bound on the events one key keeps for re-ordering
   * @param idleTimeoutWithoutMaxspan how long state of a sequence without maxspan is kept idle
   */
  public record Correlation(
      @DefaultValue("5s") Duration allowedLateness,
      @DefaultValue("256MB") DataSize maximumWeight,
      @DefaultValue("1024") int maxCandidatesPerKey,
      @DefaultValue("10m") Duration idleTimeoutWithoutMaxspan) {
  }

  /**
   * Bounds on {@code POST /api/v1/eql/search}; its events also obey the ingest bounds on body
   * size, nesting, strings and fields.
   *
   * @param maxQueryLength the longest query, in characters
   * @param maxEvents the most events one search runs on
   */
  public record Search(
      @DefaultValue("32768") int maxQueryLength,
      @DefaultValue("10000") int maxEvents) {
  }

  /**
   * Who may call SeqWatch (docs/security.md).
   *
   * @param enabled whether requests need a key; {@code false} only for local experiments
   * @param apiKeys the keys, as hashes; when empty, SeqWatch generates an admin and an ingest key on
   *     first start and keeps their hashes in the data directory
   * @param basic a user for the Elasticsearch-compatible endpoints, for shippers that only send
   *     {@code username}/{@code password}
   * @param failedAttempts how failed authentication is rate-limited per client address
   */
  public record Security(
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<ApiKey> apiKeys,
      @DefaultValue Basic basic,
      @DefaultValue FailedAttempts failedAttempts) {

    /**
     * One configured key.
     *
     * @param name what the logs and alerts call the key's holder
     * @param hash {@code sha256:} and the hex SHA-256 of the key as clients send it
     * @param roles any of {@code ingest}, {@code read}, {@code admin}
     */
    public record ApiKey(String name, String hash, Set<String> roles) {
    }

    /**
     * The Basic user; none unless both are set.
     *
     * @param username the user name shippers send
     * @param passwordHash a bcrypt hash of the password ({@code $2a$}, {@code $2b$} or {@code $2y$})
     */
    public record Basic(String username, String passwordHash) {
    }

    /**
     * @param maxPerAddress failed attempts one client address may make in a window before its
     *     failed attempts (and its Basic attempts) are answered 429 for the rest of that window
     * @param maxTotal failed attempts all addresses together may make in a window before every
     *     failed attempt (and every Basic attempt) is answered 429 for the rest of it; a valid key
     *     is never refused
     * @param window the length of that window
     */
    public record FailedAttempts(
        @DefaultValue("20") int maxPerAddress,
        @DefaultValue("1000") int maxTotal,
        @DefaultValue("1m") Duration window) {
    }
  }

  /**
   * Scale-out on Kafka (docs/scaling.md); the broker itself is {@code spring.kafka.bootstrap-servers}.
   *
   * @param consume whether this instance consumes the events topic in the consumer group and
   *     detects on the partitions it is assigned
   * @param eventsTopic the topic of ECS events, one JSON event a record, keyed by {@code host.id}
   * @param groupId the consumer group all instances share
   * @param alertsTopic if set, every new alert is also published there, keyed by its id
   * @param alertsFormat {@code seqwatch}: one record, the alert as the API shows it; {@code elastic}:
   *     Kibana's alert documents, the shell and one building block per event
   */
  public record Kafka(
      @DefaultValue("false") boolean consume,
      @DefaultValue("seqwatch-events") String eventsTopic,
      @DefaultValue("seqwatch") String groupId,
      String alertsTopic,
      @DefaultValue("seqwatch") AlertsFormat alertsFormat) {

    /** The shape of alerts on the alerts topic. */
    public enum AlertsFormat { SEQWATCH, ELASTIC }
  }
}
