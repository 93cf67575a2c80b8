package dev.seqwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of SeqWatch, under {@code seqwatch.*}. Documented in the README's configuration
 * table; defaults here are the ones that table shows.
 */
@ConfigurationProperties("seqwatch")
public record SeqwatchProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue Rules rules,
    @DefaultValue Correlation correlation,
    @DefaultValue Ingest ingest,
    @DefaultValue Elasticsearch elasticsearch) {

  /**
   * Where rules come from.
   *
   * @param path a folder of detection-rules TOML files loaded besides the bundled rule; none by default
   * @param includeBundled whether to load the bundled "Potential Reverse Shell via Suspicious Binary"
   */
  public record Rules(Path path, @DefaultValue("true") boolean includeBundled) {
  }

  /**
   * Bounds on one ingest request; a request over any of them is refused whole with a 4xx.
   *
   * @param maxBodySize the largest body, counted after gzip decompression
   * @param maxEventsPerBatch the most events (valid or not) in one request
   * @param maxNestingDepth the deepest JSON nesting of objects and arrays
   * @param dateAsTimestamp use Fluent Bit's {@code date} key (epoch seconds or ISO-8601) as the
   *     timestamp of an event that has no {@code @timestamp}
   * @param maxInFlightRequests ingest requests processed at once; more are answered 429
   * @param retryAfter what a 429 tells the client to wait
   */
  public record Ingest(
      @DefaultValue("10MB") DataSize maxBodySize,
      @DefaultValue("10000") int maxEventsPerBatch,
      @DefaultValue("64") int maxNestingDepth,
      @DefaultValue("false") boolean dateAsTimestamp,
      @DefaultValue("16") int maxInFlightRequests,
      @DefaultValue("1s") Duration retryAfter) {
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
}
