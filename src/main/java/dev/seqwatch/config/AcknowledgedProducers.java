package dev.seqwatch.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Producers for records SeqWatch must not lose: events accepted over HTTP in Kafka mode, and
 * alerts. Every in-sync replica acknowledges, and the producer is idempotent, so its own retries
 * do not write a record twice. The rest ({@code spring.kafka.*}: brokers, TLS, SASL) comes from
 * Spring Boot's Kafka properties.
 */
public final class AcknowledgedProducers {

  private AcknowledgedProducers() {
  }

  /** A template keyed by strings, with {@code values} for the record values. */
  public static <V> KafkaTemplate<String, V> template(KafkaProperties kafka, Class<? extends Serializer<V>> values) {
    Map<String, Object> settings = kafka.buildProducerProperties();
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, values);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(settings));
  }

  /**
   * Waits until the brokers acknowledged every send. A failure, or an interrupt, is thrown as what
   * {@code failure} makes of a sentence saying what went wrong and its cause.
   */
  public static void awaitAll(List<? extends CompletableFuture<?>> sent,
      BiFunction<String, Throwable, RuntimeException> failure) {
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure.apply("interrupted while waiting for the brokers", e);
    } catch (ExecutionException e) {
      throw failure.apply("the brokers did not take the records: " + e.getCause().getMessage(), e);
    }
  }
}
