package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.alert.AlertsTopicPublisher;
import dev.seqwatch.ingest.EventsTopicProducer;
import dev.seqwatch.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Without any Kafka or PostgreSQL setting SeqWatch is the single node of the quick start: no
 * consumer, no producer, alerts in the embedded H2, and the verdict in the response. The README's
 * two commands stay what they were, and CI runs the second.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SingleNodeDefaultTest extends ApiTestSupport {

  @Autowired
  ApplicationContext context;

  @Autowired
  DataSource dataSource;

  @Test
  void noKafkaPieceIsCreatedTheStoreIsH2AndTheVerdictIsSynchronous() throws SQLException {
    assertThat(context.getBeansOfType(MessageListenerContainer.class)).isEmpty();
    assertThat(context.getBeansOfType(EventsTopicProducer.class)).isEmpty();
    assertThat(context.getBeansOfType(AlertsTopicPublisher.class)).isEmpty();
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
    }

    String events = "[" + String.join(",", Corpus.scenarios().get(0).events().stream()
        .map(event -> EventsApiTest.rekey(event, "-single-node")).toList()) + "]";
    Reply verdict = post("/api/v1/events", "application/json", events);

    assertThat(verdict.status()).isEqualTo(200);
    assertThat(verdict.json().get("alerts")).hasSize(1);
    assertThat(verdict.json().has("queued")).isFalse();
  }

  @Test
  void theReadmesTwoCommandsAreUnchangedAndCiRunsTheTestCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("## What it serves"));

    assertThat(quickStart).contains("./mvnw spring-boot:run     # start the service on http://localhost:8080\n"
        + "./mvnw verify              # run the tests\n");
    assertThat(Files.readString(Path.of(".ci/run"))).endsWith("./mvnw -B verify\n");
  }
}
