package dev.seqwatch.ingest;

import dev.seqwatch.config.AcknowledgedProducers;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.event.Event;
import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.event.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * In Kafka mode ({@code seqwatch.ingest.mode=kafka}), hands accepted events to the events topic
 * instead of this instance's engine: each event's original bytes, keyed by its {@code host.id} so
 * that every event of a host reaches the partition, and so the instance, that holds the host's
 * state. {@link #send} returns only when the brokers acknowledged every record (all in-sync
 * replicas, idempotent producer), so an event the client was told is accepted is never lost.
 */
@Component
@ConditionalOnProperty(name = "seqwatch.ingest.mode", havingValue = "kafka")
public class EventsTopicProducer {

  /**
   * The record header that carries the index a shipper addressed the event to (a bulk action's
   * {@code _index}), UTF-8; absent when it named none. The consumer reads it back, so a rule's index
   * patterns see the same name in Kafka mode as in direct mode.
   */
  public static final String INDEX_HEADER = "seqwatch.index";

  private final KafkaTemplate<String, byte[]> template;
  private final String topic;

  EventsTopicProducer(KafkaProperties kafka, SeqwatchProperties properties) {
    this.template = AcknowledgedProducers.template(kafka, ByteArraySerializer.class);
    this.topic = properties.kafka().eventsTopic();
  }

  void send(List<Event> events) {
    List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>(events.size());
    for (Event event : events) {
      RawJson source = event.source();
      byte[] value = Arrays.copyOfRange(source.buffer(), source.offset(), source.offset() + source.length());
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, hostId(event), value);
      if (event.target() != null) {
        record.headers().add(INDEX_HEADER, event.target().getBytes(StandardCharsets.UTF_8));
      }
      sent.add(template.send(record));
    }
    template.flush();
    AcknowledgedProducers.awaitAll(sent, (problem, cause) ->
        new EventsTopicUnavailableException("events topic " + topic + ": " + problem, cause));
  }

  /** The partition key: the host's id, or none (any partition) for an event without one. */
  private static String hostId(Event event) {
    Object value = event.values()[FieldSchema.HOST_ID];
    return value instanceof String single ? single : value instanceof String[] many ? many[0] : null;
  }
}
