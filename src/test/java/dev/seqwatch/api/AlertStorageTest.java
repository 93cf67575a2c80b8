package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqwatch.alert.Alert;
import dev.seqwatch.alert.AlertRetention;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.RacingInserts;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** How alerts sit on disk (issue 14): deflated, read back unchanged, deleted after the retention. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AlertStorageTest extends ApiTestSupport {

  @Autowired
  AlertStore store;

  @Autowired
  AlertRetention retention;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  MeterRegistry meters;

  private JsonNode postChain(String tag) {
    String body = "[" + String.join(",", Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, tag)).toList()) + "]";
    Reply reply = post("/api/v1/events", "application/json", body);
    assertThat(reply.status()).isEqualTo(200);
    return reply.json().get("alerts").get(0);
  }

  @Test
  void anAlertIsStoredDeflatedAndTheApiShowsItAsReported() {
    JsonNode reported = postChain("-storage");
    String id = reported.get("id").asString();

    Reply read = get("/api/v1/alerts/" + id);
    ((tools.jackson.databind.node.ObjectNode) reported).remove("new");
    assertThat(read.json()).isEqualTo(reported);
    long json = read.body().getBytes(StandardCharsets.UTF_8).length;
    long stored = jdbc.sql("SELECT OCTET_LENGTH(body_deflated) FROM alert WHERE id = :id").param("id", id)
        .query(Long.class).single();
    assertThat(stored).as("deflated bytes against %d bytes of JSON", json).isLessThan(json / 3);
  }

  /** Rows written before the store's own encoder were zlib's, at its fastest level: they read the same. */
  @Test
  void anAlertDeflatedByZlibAsBeforeReadsAsItWasReported() throws Exception {
    String id = postChain("-zlib").get("id").asString();
    JsonNode stored = get("/api/v1/alerts/" + id).json();
    byte[] deflated = jdbc.sql("SELECT body_deflated FROM alert WHERE id = :id").param("id", id)
        .query(byte[].class).single();
    Inflater inflater = new Inflater(true);
    inflater.setInput(deflated);
    byte[] json = new byte[deflated.length * 20];
    int length = inflater.inflate(json);
    assertThat(inflater.finished()).isTrue();
    inflater.end();
    Deflater zlib = new Deflater(Deflater.BEST_SPEED, true);
    zlib.setInput(json, 0, length);
    zlib.finish();
    byte[] zlibbed = new byte[length + 64];
    int zlibLength = zlib.deflate(zlibbed);
    assertThat(zlib.finished()).isTrue();
    zlib.end();

    jdbc.sql("UPDATE alert SET body_deflated = :body WHERE id = :id")
        .param("body", Arrays.copyOf(zlibbed, zlibLength)).param("id", id).update();

    assertThat(Arrays.copyOf(zlibbed, zlibLength)).isNotEqualTo(deflated);
    assertThat(get("/api/v1/alerts/" + id).json()).isEqualTo(stored);
  }

  @Test
  void theAlertsOfOneCommitAreStoredTogetherOrNotAtAll() {
    Alert template = store.find(postChain("-one-commit").get("id").asString()).orElseThrow();
    Alert first = new Alert("one-commit-1", null, template.rule(), template.joinKeys(), template.firstEventAt(),
        template.lastEventAt(), template.detectedAt(), template.reason(), null, null, template.events());
    Alert second = new Alert("one-commit-2", null, template.rule(), template.joinKeys(), template.firstEventAt(),
        template.lastEventAt(), template.detectedAt(), template.reason(), null, null, template.events());

    assertThatThrownBy(() -> store.inOneCommit(() -> {
      store.insertIfAbsent(first);
      store.insertIfAbsent(second);
      throw new IllegalStateException("the batch failed after its inserts");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(store.find(first.id())).isEmpty();
    assertThat(store.find(second.id())).isEmpty();

    assertThat(store.inOneCommit(() -> List.of(store.insertIfAbsent(first), store.insertIfAbsent(second))))
        .containsExactly(true, true);
    assertThat(store.find(first.id())).isPresent();
    assertThat(store.find(second.id())).isPresent();
  }

  @Test
  void theEmbeddedStoreSplitsItsPagesAtFourKilobytes() {
    // The page size H2 splits at, as the store in use reports it: 16384 with H2's default.
    String splitAt = jdbc.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
        + " WHERE SETTING_NAME = 'info.PAGE_SIZE'").query(String.class).single();

    assertThat(splitAt).isEqualTo("4096");
  }

  @Test
  void storedAmongFindsTheStoredIdsAmongAnyNumberAskedAndNoOther() {
    Alert template = store.find(postChain("-among").get("id").asString()).orElseThrow();
    for (String id : List.of("among-stored-1", "among-stored-2")) {
      store.insertIfAbsent(new Alert(id, null, template.rule(), template.joinKeys(), template.firstEventAt(),
          template.lastEventAt(), template.detectedAt(), template.reason(), null, null, template.events()));
    }
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      asked.add("among-absent-" + i);
    }
    asked.add(0, template.id());
    asked.add(700, "among-stored-1");
    asked.add("among-stored-2");

    assertThat(store.storedAmong(asked)).containsExactlyInAnyOrder(template.id(), "among-stored-1", "among-stored-2");
    assertThat(store.storedAmong(List.of())).isEmpty();
  }

  @Test
  void twoCommitsRacingForOneAlertStoreItOnceAndKeepTheirOtherAlerts() throws Exception {
    Alert template = store.find(postChain("-race").get("id").asString()).orElseThrow();

    RacingInserts.theLaterTransactionKeepsItsOtherAlerts(store, template);
  }

  @Test
  void alertsOlderThanTheRetentionAreDeletedAndCounted() {
    Alert recent = store.find(postChain("-retention").get("id").asString()).orElseThrow();
    Instant old = Instant.now().minus(Duration.ofDays(91));
    // Read before the inserts: the scheduled run (once a minute) may delete them before this test does.
    double before = meters.get("seqwatch.alerts.expired").counter().count();
    for (int i = 0; i < 3; i++) {
      store.insertIfAbsent(new Alert("expired-" + i, null, recent.rule(), recent.joinKeys(), old, old,
          old.plusSeconds(i), recent.reason(), null, null, recent.events()));
    }

    retention.deleteExpired();

    assertThat(store.find("expired-0")).isEmpty();
    assertThat(store.find("expired-2")).isEmpty();
    assertThat(store.find(recent.id())).isPresent();
    assertThat(meters.get("seqwatch.alerts.expired").counter().count() - before).isEqualTo(3);
  }
}
