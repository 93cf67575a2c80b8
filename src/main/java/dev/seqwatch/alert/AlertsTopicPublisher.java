package dev.seqwatch.alert;

import dev.seqwatch.config.AcknowledgedProducers;
import dev.seqwatch.config.SeqwatchProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes new alerts to {@code seqwatch.kafka.alerts-topic}, keyed by the alert's id, as the API
 * shows it or in Kibana's alert shape. Called before the alert is stored and waiting for the
 * brokers' acknowledgement: if storing then fails, the retry publishes again rather than never, so
 * delivery is at least once, and the id as key lets a consumer (or a compacted topic) drop repeats.
 */
@Component
@ConditionalOnProperty(name = "seqwatch.kafka.alerts-topic")
public class AlertsTopicPublisher {

  private final KafkaTemplate<String, String> template;
  private final String topic;
  private final boolean elastic;
  private final JsonMapper json;

  AlertsTopicPublisher(KafkaProperties kafka, SeqwatchProperties properties, JsonMapper json) {
    this.template = AcknowledgedProducers.template(kafka, StringSerializer.class);
    this.topic = properties.kafka().alertsTopic();
    this.elastic = properties.kafka().alertsFormat() == SeqwatchProperties.Kafka.AlertsFormat.ELASTIC;
    this.json = json;
  }

  /** Publishes one alert and waits until the brokers have it. */
  public void publish(Alert alert) {
    List<CompletableFuture<SendResult<String, String>>> sent = new ArrayList<>();
    if (elastic) {
      ElasticAlerts.of(alert, json).forEach(document ->
          sent.add(template.send(topic, alert.id(), json.writeValueAsString(document))));
    } else {
      sent.add(template.send(topic, alert.id(), json.writeValueAsString(alert.withNewFlag(true))));
    }
    AcknowledgedProducers.awaitAll(sent, (problem, cause) ->
        new IllegalStateException("alert " + alert.id() + " to topic " + topic + ": " + problem, cause));
  }
}
