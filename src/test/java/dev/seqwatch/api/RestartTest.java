package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.SeqwatchApplication;
import dev.seqwatch.alert.Alert;
import dev.seqwatch.alert.AlertStore;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.event.BodyFormat;
import dev.seqwatch.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** An alert reported once survives a restart on the same data directory. */
class RestartTest {

  @Test
  void alertsSurviveARestartOfTheApplication(@TempDir Path data) {
    String body = "[" + String.join(",", Corpus.scenarios().get(0).events()) + "]";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<Alert> reported;
    try (ConfigurableApplicationContext first = start(data)) {
      reported = first.getBean(IngestService.class)
          .ingest(bytes, bytes.length, BodyFormat.JSON).alerts();
    }
    assertThat(reported).hasSize(1);

    try (ConfigurableApplicationContext second = start(data)) {
      AlertStore store = second.getBean(AlertStore.class);
      assertThat(store.find(reported.get(0).id())).hasValueSatisfying(alert ->
          assertThat(alert.events()).hasSize(3));
      assertThat(second.getBean(IngestService.class).ingest(bytes, bytes.length, BodyFormat.JSON)
          .alerts()).singleElement().satisfies(alert -> assertThat(alert.isNew()).isFalse());
    }
  }

  private static ConfigurableApplicationContext start(Path data) {
    return new SpringApplicationBuilder(SeqwatchApplication.class)
        .run(TestKeys.arguments("--server.port=0", "--seqwatch.data-dir=" + data));
  }
}
