package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
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
 * Rules whose chains span hosts, on two instances in one group on a real (embedded KRaft) broker,
 * sharing a real PostgreSQL: one joined by {@code user.name}, one with no join key. Each chain's
 * events come from two hosts whose events land on different partitions of the events topic; half
 * of the chains are split across the moment one instance leaves. Every chain is stored exactly
 * once, none is invented, and only candidates of those rules travel to the repartition topics.
 */
class KafkaRepartitionTest {

  private static final String TOPIC = "repartition";
  private static final int PARTITIONS = 6;
  private static final int USERS = 12;
  private static final JsonMapper JSON = new JsonMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static EmbeddedKafkaKraftBroker broker;
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startBrokerAndDatabase() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC);
    broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
    broker.afterPropertiesSet();
    postgres = EmbeddedPostgres.builder().start();
    try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + TOPIC);
    }
  }

  @AfterAll
  static void stopBrokerAndDatabase() throws Exception {
    broker.destroy();
    postgres.close();
  }

  @Test
  void chainsAcrossHostsAreStoredExactlyOnceAcrossAnInstanceLeaving(@TempDir Path data) throws Exception {
    Set<List<String>> planted = new HashSet<>();
    int candidatesByUser = 0;
    ConfigurableApplicationContext a = start(data.resolve("a"));
    ConfigurableApplicationContext b = start(data.resolve("b"));
    try (KafkaProducer<String, String> producer = producer()) {
      awaitUpTo("both instances to own partitions of every topic", () -> assigned(a) + assigned(b) == PARTITIONS
          && assigned(a) > 0 && assigned(b) > 0 && repartitionAssigned(a) + repartitionAssigned(b) == PARTITIONS + 1);
      assertThat(partitioning(a)).containsEntry("repartition-by-user", "by_key [user.name]")
          .containsEntry("repartition-no-by", "single []")
          .containsEntry("fa3a59dc-33c3-43bf-80a9-e8437a922c7f", "host_local [host.id, process.entity_id]");

      // Phase 1: every user's failed logon on one host; a user whose whoami has no failed logon
      // before it, one with a failed logon and no whoami; and events that are candidates of no
      // such rule. A whole chain of the rule without join keys, and the first event of a second.
      for (int user = 0; user < USERS; user++) {
        send(producer, failedLogon("u" + user, workstation(user), "fail-" + user, 0));
        send(producer, process("ls", "u" + user, workstation(user), "ls-" + user, 1));
        candidatesByUser++;
      }
      send(producer, process("whoami", "lone-whoami", server(0), "whoami-lone", 2));
      send(producer, failedLogon("lone-failure", workstation(0), "fail-lone", 2));
      candidatesByUser += 2;
      send(producer, connection(workstation(1), "listen-1", 3));
      awaitUpTo("the first event of the chain without join key to travel", () -> records(single()) == 1);
      send(producer, process("nc", "root", server(1), "nc-1", 4));
      awaitUpTo("the second event to travel", () -> records(single()) == 2);
      planted.add(List.of("listen-1", "nc-1"));
      send(producer, connection(workstation(2), "listen-2", 5));
      producer.flush();
      awaitUpTo("the first chain without join key", () -> alerts(a).size() == 1);
      awaitUpTo("the third event to travel", () -> records(single()) == 3);
      awaitCaughtUp();

      // Phase 2: B leaves; its partitions of all three topics, and the half-built chains on the
      // repartition topics, move to A.
      b.close();
      awaitUpTo("A to own every partition", () -> assigned(a) == PARTITIONS
          && repartitionAssigned(a) == PARTITIONS + 1);

      // Phase 3: every user's whoami on a host of another partition, and the second chain's end.
      for (int user = 0; user < USERS; user++) {
        send(producer, process("whoami", "u" + user, server(user), "whoami-" + user, 20));
        planted.add(List.of("fail-" + user, "whoami-" + user));
        candidatesByUser++;
      }
      send(producer, process("nc", "root", server(2), "nc-2", 21));
      planted.add(List.of("listen-2", "nc-2"));
      producer.flush();
      awaitUpTo("every planted chain's alert", () -> alerts(a).size() >= planted.size());
      awaitCaughtUp();

      List<JsonNode> stored = alerts(a);
      assertThat(stored.stream().map(EventsApiTest::chainOf).collect(Collectors.toSet())).isEqualTo(planted);
      assertThat(stored).hasSize(planted.size());
      assertThat(records(keyed())).as("only candidates travel, each once").isEqualTo(candidatesByUser);
      assertThat(records(single())).isEqualTo(4);
    } finally {
      a.close();
    }
  }

  private static ConfigurableApplicationContext start(Path data) {
    return new SpringApplicationBuilder(SeqwatchApplication.class).run(TestKeys.arguments("--server.port=0",
        "--seqwatch.data-dir=" + data,
        "--seqwatch.rules.path=" + Path.of("src/test/resources/repartition").toAbsolutePath(),
        "--seqwatch.kafka.events-topic=" + TOPIC, "--seqwatch.kafka.group-id=" + TOPIC,
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", TOPIC),
        "--spring.datasource.username=postgres", "--spring.datasource.password=",
        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
        "--seqwatch.kafka.consume=true", "--seqwatch.ingest.mode=kafka",
        // The chains here are split by seconds of wall-clock time around a rebalance.
        "--seqwatch.correlation.allowed-lateness=60s"));
  }

  /** Hosts whose events land on another partition of the events topic than {@link #server}'s. */
  private static String workstation(int n) {
    return host("ws-" + n + "-", partition -> partition % 2 == 0);
  }

  private static String server(int n) {
    return host("srv-" + n + "-", partition -> partition % 2 == 1);
  }

  private static String host(String prefix, java.util.function.IntPredicate partitions) {
    for (int i = 0; ; i++) {
      String host = prefix + i;
      if (partitions.test(Utils.toPositive(Utils.murmur2(host.getBytes(StandardCharsets.UTF_8))) % PARTITIONS)) {
        return host;
      }
    }
  }

  private static String failedLogon(String user, String host, String id, int second) {
    return event(id, second, host, "\"category\":\"authentication\",\"outcome\":\"failure\"", "\"user\":{\"name\":\""
        + user + "\"}");
  }

  private static String process(String name, String user, String host, String id, int second) {
    return event(id, second, host, "\"category\":\"process\",\"type\":\"start\"", "\"process\":{\"name\":\"" + name
        + "\",\"entity_id\":\"" + id + "\"},\"user\":{\"name\":\"" + user + "\"}");
  }

  private static String connection(String host, String id, int second) {
    return event(id, second, host, "\"category\":\"network\"", "\"destination\":{\"port\":4444}");
  }

  private static String event(String id, int second, String host, String event, String more) {
    return "{\"@timestamp\":\"" + T0.plusSeconds(second) + "\",\"event\":{\"id\":\"" + id + "\"," + event + "},"
        + more + ",\"host\":{\"id\":\"" + host + "\"}}";
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
  }

  /** Produces an event keyed by its host.id, as Filebeat's partition.hash on host.id does. */
  private static void send(KafkaProducer<String, String> producer, String event) {
    producer.send(new ProducerRecord<>(TOPIC, JSON.readTree(event).get("host").get("id").asString(), event));
    producer.flush();
  }

  private static String keyed() {
    return TOPIC + "-repartition";
  }

  private static String single() {
    return TOPIC + "-repartition-single";
  }

  /** The rule ids with their partitioning as {@code GET /api/v1/rules} shows it: "kind [keys]". */
  private static Map<String, String> partitioning(ConfigurableApplicationContext app) throws Exception {
    Map<String, String> kinds = new HashMap<>();
    JSON.readTree(get(app, "/api/v1/rules")).forEach(rule -> {
      List<String> keys = new ArrayList<>();
      rule.get("partitioning").get("keys").forEach(key -> keys.add(key.asString()));
      kinds.put(rule.get("rule").get("rule_id").asString(), rule.get("partitioning").get("kind").asString() + " "
          + keys);
    });
    return kinds;
  }

  /** Records on every partition of {@code topic}. */
  private static long records(String topic) {
    return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<TopicPartition, Long> endOffsets(String topic) {
    return broker.doWithAdminFunction(admin -> {
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
            .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Waits until the group has committed every record of the events topic and of both repartition topics. */
  private static void awaitCaughtUp() throws InterruptedException {
    awaitUpTo("the group to commit every record", () -> broker.doWithAdminFunction(admin -> {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(TOPIC)
            .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = new HashMap<>(endOffsets(TOPIC));
        ends.putAll(endOffsets(keyed()));
        ends.putAll(endOffsets(single()));
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
            || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() == end.getValue());
      } catch (Exception e) {
        return false;
      }
    }));
  }

  private static int assigned(ConfigurableApplicationContext app) {
    return gauge(app, "seqwatch.kafka.partitions.assigned");
  }

  private static int repartitionAssigned(ConfigurableApplicationContext app) {
    return gauge(app, "seqwatch.kafka.repartition.partitions.assigned");
  }

  private static int gauge(ConfigurableApplicationContext app, String name) {
    return (int) app.getBean(io.micrometer.core.instrument.MeterRegistry.class).get(name).gauge().value();
  }

  private static List<JsonNode> alerts(ConfigurableApplicationContext app) {
    try {
      List<JsonNode> alerts = new ArrayList<>();
      JSON.readTree(get(app, "/api/v1/alerts?size=500")).get("alerts").forEach(alerts::add);
      return alerts;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String get(ConfigurableApplicationContext app, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
        + ((WebServerApplicationContext) app).getWebServer().getPort() + path))
        .header("Authorization", TestKeys.READ.header()).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void awaitUpTo(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
