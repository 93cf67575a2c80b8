package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import dev.seqwatch.sequence.CorrelationSettings;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.Engines;
import dev.seqwatch.testing.FakeTicker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two SeqWatch instances in one consumer group on a real (embedded KRaft) broker, sharing a real
 * PostgreSQL. Many hosts' events are produced keyed by host.id; some chains are split across the
 * moment one instance stops and its partitions move to the other. Every planted chain is stored
 * exactly once, none is invented, and both instances' alert endpoints return the same set.
 */
class KafkaScaleOutTest {

  private static final String SCALE_OUT = "scale_out";
  private static final String HTTP_MODE = "http_mode";
  private static final String STORE_DOWN = "store_down";
  private static final String CRASH = "crash";
  private static final String RELOAD = "reload";
  private static final int PARTITIONS = 6;
  private static final JsonMapper JSON = new JsonMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static EmbeddedKafkaKraftBroker broker;
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startBrokerAndDatabase() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, SCALE_OUT, HTTP_MODE, STORE_DOWN, CRASH, HTTP_MODE + "_alerts",
        STORE_DOWN + "_alerts", RELOAD);
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    postgres = EmbeddedPostgres.builder().start();
    try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + SCALE_OUT);
      statement.execute("CREATE DATABASE " + HTTP_MODE);
      statement.execute("CREATE DATABASE " + STORE_DOWN);
      statement.execute("CREATE DATABASE " + CRASH);
      statement.execute("CREATE DATABASE " + RELOAD);
    }
  }

  @AfterAll
  static void stopBrokerAndDatabase() throws Exception {
    broker.destroy();
    postgres.close();
  }

  @Test
  void plantedChainsAreStoredExactlyOnceAcrossAnInstanceStoppingAndRejoining(@TempDir Path data)
      throws Exception {
    Corpus.Scenario chain = Corpus.scenarios().get(0);
    int third = indexOf(chain.events(), chain.expected().get(0).get(2));
    List<Corpus.Scenario> benign = benignScenarios();
    Set<List<String>> planted = new HashSet<>();

    ConfigurableApplicationContext a = start(SCALE_OUT, data.resolve("a"));
    ConfigurableApplicationContext b = start(SCALE_OUT, data.resolve("b"));
    try (KafkaProducer<String, String> producer = producer()) {
      awaitUpTo("both instances to own partitions", () -> assigned(a) + assigned(b) == PARTITIONS
          && assigned(a) > 0 && assigned(b) > 0);

      // Phase 1: whole chains for hosts 0-19, the first stages only for hosts 20-39, and benign
      // scenarios for other hosts.
      for (int host = 0; host < 40; host++) {
        List<String> events = rekeyed(chain, host);
        send(producer, host < 20 ? events : events.subList(0, third));
        planted.add(expectedChain(chain, host));
      }
      for (int i = 0; i < benign.size(); i++) {
        send(producer, rekeyed(benign.get(i), 100 + i));
      }
      producer.flush();
      awaitUpTo("the whole chains' alerts", () -> alerts(a).size() == 20);
      awaitCaughtUp();

      // Phase 2: B stops; its partitions, and the half-built chains on them, move to A.
      b.close();
      awaitUpTo("A to own every partition", () -> assigned(a) == PARTITIONS);

      // Phase 3: the last stages of hosts 20-39, wherever their first stages were processed.
      for (int host = 20; host < 40; host++) {
        send(producer, rekeyed(chain, host).subList(third, chain.events().size()));
      }
      producer.flush();
      awaitUpTo("every planted chain's alert", () -> alerts(a).size() >= 40);
      awaitCaughtUp();
    }

    // B rejoins; partitions move back, and both answer with the one shared store.
    ConfigurableApplicationContext b2 = start(SCALE_OUT, data.resolve("b2"));
    try {
      awaitUpTo("B to own partitions again", () -> assigned(b2) > 0);
      List<JsonNode> fromA = alerts(a);
      List<JsonNode> fromB = alerts(b2);

      assertThat(fromA.stream().map(EventsApiTest::chainOf).collect(Collectors.toSet())).isEqualTo(planted);
      assertThat(fromA).hasSize(planted.size());
      assertThat(ids(fromB)).isEqualTo(ids(fromA));
    } finally {
      b2.close();
      a.close();
    }
  }

  @Test
  void inKafkaModeTheEventsEndpointQueuesBulkAnswersAsElasticsearchAndTheOwnerStoresAndPublishes(@TempDir Path data) throws Exception {
    ConfigurableApplicationContext a = start(HTTP_MODE, data.resolve("a"),
        "--seqwatch.kafka.alerts-topic=" + HTTP_MODE + "_alerts");
    try {
      awaitUpTo("the instance to own partitions", () -> assigned(a) == PARTITIONS);
      Corpus.Scenario chain = Corpus.scenarios().get(0);
      List<String> events = chain.events().stream().map(event -> EventsApiTest.rekey(event, "-http-mode")).toList();

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(a, "/api/v1/events"))
          .header("Authorization", TestKeys.INGEST.header()).header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", events) + "\n")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(202);
      JsonNode verdict = JSON.readTree(response.body());
      assertThat(verdict.get("accepted").asInt()).isEqualTo(events.size());
      assertThat(verdict.get("queued").asBoolean()).isTrue();
      assertThat(verdict.get("alerts")).isEmpty();
      List<String> expected = chain.expected().get(0).stream().map(id -> id + "-http-mode").toList();
      awaitUpTo("the queued chain's alert", () -> alerts(a).stream().map(EventsApiTest::chainOf)
          .anyMatch(expected::equals));
      // _bulk keeps Elasticsearch's answer, so shippers read their items as always.
      List<String> bulkEvents = chain.events().stream().map(event -> EventsApiTest.rekey(event, "-bulk-mode")).toList();
      StringBuilder bulk = new StringBuilder();
      // The same chain addressed to an index the rule does not read: its documents' data_stream names
      // one it does, but the bulk action's _index decides, in Kafka mode as in direct mode.
      List<String> elsewhere = chain.events().stream().map(event -> EventsApiTest.rekey(event, "-elsewhere")).toList();
      elsewhere.forEach(event -> bulk.append("{\"create\":{\"_index\":\"logs-other-default\"}}\n")
          .append(event).append('\n'));
      bulkEvents.forEach(event -> bulk.append("{\"create\":{\"_index\":\"logs-endpoint.events.process-default\"}}\n")
          .append(event).append('\n'));
      HttpResponse<String> bulkResponse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(a, "/_bulk"))
          .header("Authorization", TestKeys.INGEST.header()).header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bulkResponse.statusCode()).isEqualTo(200);
      assertThat(bulkResponse.body()).contains("\"errors\":false");
      List<String> expectedFromBulk = chain.expected().get(0).stream().map(id -> id + "-bulk-mode").toList();
      awaitUpTo("the bulk chain's alert", () -> alerts(a).stream().map(EventsApiTest::chainOf)
          .anyMatch(expectedFromBulk::equals));
      awaitCaughtUp(HTTP_MODE);
      List<String> notForTheRule = chain.expected().get(0).stream().map(id -> id + "-elsewhere").toList();
      assertThat(alerts(a)).extracting(EventsApiTest::chainOf).doesNotContain(notForTheRule);
      // The correlation gauges read the partitions' engines, where the state is (issue 14).
      io.micrometer.core.instrument.MeterRegistry meters = a.getBean(io.micrometer.core.instrument.MeterRegistry.class);
      assertThat(meters.get("seqwatch.correlation.keys").gauge().value()).isPositive();

      // The alert is stored while its poll runs; the poll's events are counted once it is done.
      String accepted = "seqwatch_ingest_events_total{result=\"accepted\"} "
          + (events.size() + elsewhere.size() + bulkEvents.size()) + ".0";
      awaitUpTo("every consumed event counted", () -> prometheus(a).contains(accepted));
      String metrics = prometheus(a);
      assertThat(metrics).contains("seqwatch_kafka_partitions_assigned " + PARTITIONS + ".0")
          .containsPattern("seqwatch_engine_stage_matches_total\\{rule=\"[^\"]+\",stage=\"3\"} [1-9]")
          .contains("seqwatch_ingest_events_total{result=\"queued\"} "
              + (events.size() + elsewhere.size() + bulkEvents.size()) + ".0")
          .contains("seqwatch_ingest_events_total{result=\"accepted\"} "
              + (events.size() + elsewhere.size() + bulkEvents.size()) + ".0");
      List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> published = published(HTTP_MODE + "_alerts", 2);
      assertThat(published).hasSize(2).allSatisfy(record ->
          assertThat(JSON.readTree(record.value()).get("id").asString()).isEqualTo(record.key()));
      assertThat(published).extracting(record -> EventsApiTest.chainOf(JSON.readTree(record.value())))
          .containsExactlyInAnyOrder(expected, expectedFromBulk);
    } finally {
      a.close();
    }
  }

  /**
   * An instance on {@code deployment}'s own topic, consumer group and database, so the tests
   * sharing the broker and the server do not see each other's records or alerts.
   */
  /**
   * A crash after the alerts were stored and before the offsets were committed, as the group sees
   * it: the committed offsets are set back to the start, as if never written. The next instance
   * processes every record again and finds the same chains; none is stored twice.
   */
  @Test
  void aCrashBetweenStoringAndCommittingDoublesNothing(@TempDir Path data) throws Exception {
    Corpus.Scenario chain = Corpus.scenarios().get(0);
    Set<List<String>> planted = new HashSet<>();
    ConfigurableApplicationContext first = start(CRASH, data.resolve("first"));
    try (KafkaProducer<String, String> producer = producer()) {
      awaitUpTo("the instance to own partitions", () -> assigned(first) == PARTITIONS);
      for (int host = 0; host < 10; host++) {
        send(producer, CRASH, rekeyed(chain, host));
        planted.add(expectedChain(chain, host));
      }
      producer.flush();
      awaitUpTo("the chains' alerts", () -> alerts(first).size() == planted.size());
      awaitUpTo("every record committed", () -> committedRecords(CRASH) == 10L * chain.events().size());
    } finally {
      first.close();
    }
    Set<String> stored = ids(alertsIn(CRASH));

    broker.doWithAdmin(admin -> {
      Map<TopicPartition, OffsetAndMetadata> uncommitted = new java.util.HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        uncommitted.put(new TopicPartition(CRASH, p), new OffsetAndMetadata(0));
      }
      try {
        admin.alterConsumerGroupOffsets(CRASH, uncommitted).all().get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    ConfigurableApplicationContext second = start(CRASH, data.resolve("second"));
    try {
      awaitUpTo("every record processed again", () -> committedRecords(CRASH) == 10L * chain.events().size());
      List<JsonNode> after = alerts(second);

      assertThat(ids(after)).isEqualTo(stored);
      assertThat(after.stream().map(EventsApiTest::chainOf).collect(Collectors.toSet())).isEqualTo(planted);
    } finally {
      second.close();
    }
  }

  @Test
  void whileTheStoreIsDownTheCompletingRecordIsNotCommittedAndTheChainIsStoredOnceItIsBack(@TempDir Path data) throws Exception {
    ConfigurableApplicationContext a = start(STORE_DOWN, data.resolve("a"),
        "--seqwatch.kafka.alerts-topic=" + STORE_DOWN + "_alerts", "--seqwatch.kafka.alerts-format=elastic");
    try (KafkaProducer<String, String> producer = producer();
        var connection = java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", STORE_DOWN));
        var statement = connection.createStatement()) {
      awaitUpTo("the instance to own partitions", () -> assigned(a) == PARTITIONS);
      Corpus.Scenario chain = Corpus.scenarios().get(0);
      statement.execute("ALTER TABLE alert RENAME TO alert_away");

      send(producer, STORE_DOWN, rekeyed(chain, 0));
      producer.flush();
      Thread.sleep(3_000);
      long committedWhileDown = committedRecords(STORE_DOWN);
      statement.execute("ALTER TABLE alert_away RENAME TO alert");

      int completing = indexOf(chain.events(), chain.expected().get(0).get(2));
      assertThat(committedWhileDown).as("offsets committed while the store was down: never the chain's last event")
          .isLessThanOrEqualTo(completing);
      awaitUpTo("the chain's alert once the store is back", () -> alerts(a).size() == 1);
      awaitUpTo("the group to commit every record", () -> committedRecords(STORE_DOWN) == chain.events().size());
      assertThat(alerts(a)).singleElement().satisfies(alert ->
          assertThat(EventsApiTest.chainOf(alert)).isEqualTo(expectedChain(chain, 0)));
      // Published before it was stored, at least once, in Kibana's shape: a shell and a building block per event.
      String id = alerts(a).get(0).get("id").asString();
      List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> published = published(STORE_DOWN + "_alerts", 4);
      assertThat(published).hasSizeGreaterThanOrEqualTo(4).allSatisfy(record -> assertThat(record.key()).isEqualTo(id));
      assertThat(published.subList(0, 4)).extracting(record -> JSON.readTree(record.value())
          .get("kibana.alert.building_block_type") == null).containsExactly(true, false, false, false);
    } finally {
      a.close();
    }
  }

  @Test
  void aReloadBetweenPollsKeepsThePartitionsHalfBuiltChains(@TempDir Path data) throws Exception {
    Corpus.Scenario chain = Corpus.scenarios().get(0);
    int third = indexOf(chain.events(), chain.expected().get(0).get(2));
    Path rules = Files.createDirectories(data.resolve("rules"));
    ConfigurableApplicationContext app = start(RELOAD, data.resolve("app"), "--seqwatch.rules.path=" + rules);
    try (KafkaProducer<String, String> producer = producer()) {
      awaitUpTo("the instance to own the partitions", () -> assigned(app) == PARTITIONS);
      Set<List<String>> planted = new HashSet<>();
      for (int host = 0; host < 10; host++) {
        send(producer, RELOAD, rekeyed(chain, host).subList(0, third));
        planted.add(expectedChain(chain, host));
      }
      producer.flush();
      awaitCaughtUp(RELOAD);

      // Another rule joins the set; the seed rule is unchanged, so its partial chains stay.
      Files.copy(Path.of("src/test/resources/rule-tree/linux/good_sequence.toml"), rules.resolve("curl.toml"));
      var reloaded = app.getBean(dev.seqwatch.ruleset.RuleSetService.class).reload();
      assertThat(reloaded.load().rules().rules()).hasSize(2);

      for (int host = 0; host < 10; host++) {
        send(producer, RELOAD, rekeyed(chain, host).subList(third, chain.events().size()));
      }
      // And the partitions' engines run the new rule.
      send(producer, RELOAD, List.of(
          "{\"@timestamp\":\"2026-01-01T00:00:01Z\",\"event\":{\"id\":\"curl-1\",\"category\":\"process\","
              + "\"type\":\"start\"},\"process\":{\"name\":\"curl\"},\"host\":{\"id\":\"kafka-curl\"}}",
          "{\"@timestamp\":\"2026-01-01T00:00:02Z\",\"event\":{\"id\":\"curl-2\",\"category\":\"network\"},"
              + "\"process\":{\"name\":\"curl\"},\"host\":{\"id\":\"kafka-curl\"}}"));
      planted.add(List.of("curl-1", "curl-2"));
      producer.flush();
      awaitUpTo("every chain's alert", () -> alerts(app).size() >= 11);
      awaitCaughtUp(RELOAD);
      assertThat(alerts(app).stream().map(EventsApiTest::chainOf).collect(Collectors.toSet())).isEqualTo(planted);
      assertThat(alerts(app)).hasSize(11);
    } finally {
      app.close();
    }
  }

  private static ConfigurableApplicationContext start(String deployment, Path data, String... more) {
    List<String> arguments = new ArrayList<>(List.of("--server.port=0",
        "--seqwatch.data-dir=" + data,
        "--seqwatch.kafka.events-topic=" + deployment, "--seqwatch.kafka.group-id=" + deployment,
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", deployment),
        "--spring.datasource.username=postgres", "--spring.datasource.password=",
        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
        "--seqwatch.kafka.consume=true", "--seqwatch.ingest.mode=kafka",
        // Chains in this test are split by seconds of wall-clock time, around a rebalance; real
        // chains arrive within their 1 s maxspan.
        "--seqwatch.correlation.allowed-lateness=60s"));
    arguments.addAll(List.of(more));
    return new SpringApplicationBuilder(SeqwatchApplication.class).run(TestKeys.arguments(
        arguments.toArray(String[]::new)));
  }

  /** Scenarios without any alert for the seed rule under this test's settings, by the engine alone. */
  private static List<Corpus.Scenario> benignScenarios() {
    CorrelationSettings settings = CorrelationSettings.DEFAULTS.withAllowedLateness(Duration.ofSeconds(60));
    return Corpus.scenarios().stream()
        .filter(scenario -> scenario.expected().isEmpty())
        .filter(scenario -> Engines.engine(Engines.seedRules(), settings, new FakeTicker())
            .process(Engines.read(Engines.seedRules(), scenario.events())).isEmpty())
        .toList();
  }

  private static List<String> rekeyed(Corpus.Scenario scenario, int host) {
    return scenario.events().stream().map(event -> EventsApiTest.rekey(event, "-kafka" + host)).toList();
  }

  private static List<String> expectedChain(Corpus.Scenario scenario, int host) {
    return scenario.expected().get(0).stream().map(id -> id + "-kafka" + host).toList();
  }

  private static int indexOf(List<String> events, String eventId) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).contains(eventId)) {
        return i;
      }
    }
    throw new AssertionError(eventId);
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
  }

  /** Produces events keyed by their host.id, as Filebeat's partition.hash on host.id does. */
  private static void send(KafkaProducer<String, String> producer, List<String> events) {
    send(producer, SCALE_OUT, events);
  }

  private static void send(KafkaProducer<String, String> producer, String topic, List<String> events) {
    for (String event : events) {
      String host = JSON.readTree(event).get("host").get("id").asString();
      producer.send(new ProducerRecord<>(topic, host, event));
    }
  }

  /** Reads a topic from its beginning until at least {@code atLeast} records have come, then half a second more. */
  private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> published(String topic,
      int atLeast) throws InterruptedException {
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.of(
        org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader",
        org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      awaitUpTo("records on " + topic, () -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= atLeast;
      });
      consumer.poll(Duration.ofMillis(500)).forEach(records::add); // and any that follow
    }
    return records;
  }

  /** How many records of {@code deployment}'s topic its group has committed. */
  private static long committedRecords(String deployment) {
    return broker.doWithAdminFunction(admin -> {
      try {
        return admin.listConsumerGroupOffsets(deployment).partitionsToOffsetAndMetadata().get().values().stream()
            .filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** How many partitions an instance detects on, as its own gauge reports. */
  private static int assigned(ConfigurableApplicationContext app) {
    return (int) app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
        .get("seqwatch.kafka.partitions.assigned").gauge().value();
  }

  /** Waits until the group has committed every record produced so far. */
  private static void awaitCaughtUp() throws InterruptedException {
    awaitCaughtUp(SCALE_OUT);
  }

  /** Waits until {@code deployment}'s group has committed every record produced to its topic so far. */
  private static void awaitCaughtUp(String deployment) throws InterruptedException {
    awaitUpTo("the group to commit every record", () -> broker.doWithAdminFunction(admin -> {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(deployment)
            .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
          latest.put(new TopicPartition(deployment, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
            || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() == end.getValue().offset());
      } catch (Exception e) {
        return false;
      }
    }));
  }

  private static List<JsonNode> alerts(ConfigurableApplicationContext app) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          uri(app, "/api/v1/alerts?size=500")).header("Authorization", TestKeys.READ.header()).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      List<JsonNode> alerts = new ArrayList<>();
      JSON.readTree(response.body()).get("alerts").forEach(alerts::add);
      return alerts;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The alerts in a deployment's database, read straight from PostgreSQL. */
  private static List<JsonNode> alertsIn(String deployment) throws java.sql.SQLException {
    List<JsonNode> alerts = new ArrayList<>();
    try (var connection = java.sql.DriverManager.getConnection(postgres.getJdbcUrl("postgres", deployment));
        var rows = connection.createStatement().executeQuery("SELECT id FROM alert")) {
      while (rows.next()) {
        alerts.add(JSON.createObjectNode().put("id", rows.getString(1)));
      }
    }
    return alerts;
  }

  private static Set<String> ids(List<JsonNode> alerts) {
    return alerts.stream().map(alert -> alert.get("id").asString()).collect(Collectors.toSet());
  }

  private static URI uri(ConfigurableApplicationContext app, String path) {
    return URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path);
  }

  private static void awaitUpTo(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static String prometheus(ConfigurableApplicationContext instance) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(instance, "/actuator/prometheus"))
          .header("Authorization", TestKeys.ADMIN.header()).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
