package dev.seqwatch.kafka;

import dev.seqwatch.config.AcknowledgedProducers;
import dev.seqwatch.config.SeqwatchProperties;
import dev.seqwatch.ingest.IngestService;
import dev.seqwatch.ruleset.ActiveRules;
import dev.seqwatch.sequence.CorrelationSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The consumers of the events topic and of the repartition topics, when {@code
 * seqwatch.kafka.consume=true} (docs/scaling.md), both in the instance's group. One consumer thread
 * each: an instance scales by partitions, not threads, and the per-partition engines then need no
 * locking.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "seqwatch.kafka.consume", havingValue = "true")
class KafkaConsumerConfiguration {

  @Bean
  RepartitionTopics repartitionTopics(KafkaProperties kafka, SeqwatchProperties properties) {
    RepartitionTopics topics = RepartitionTopics.of(properties.kafka().eventsTopic());
    RepartitionTopicsCreator.create(kafka.buildAdminProperties(), properties.kafka().eventsTopic(), topics);
    return topics;
  }

  @Bean
  Repartitioner repartitioner(KafkaProperties kafka, RepartitionTopics topics, MeterRegistry meters) {
    Repartitioner repartitioner =
        new Repartitioner(AcknowledgedProducers.template(kafka, ByteArraySerializer.class), topics);
    FunctionCounter.builder("seqwatch.kafka.repartitioned.records", repartitioner, Repartitioner::handedOn)
        .description("Records handed on to the repartition topics: candidates of rules that are not host-local")
        .register(meters);
    return repartitioner;
  }

  @Bean
  EventsTopicListener eventsTopicListener(ActiveRules active, CorrelationSettings settings, IngestService ingest,
      Repartitioner repartitioner, MeterRegistry meters) {
    EventsTopicListener listener = new EventsTopicListener(active, settings, ingest, repartitioner);
    Gauge.builder("seqwatch.kafka.partitions.assigned", listener, EventsTopicListener::assignedPartitions)
        .description("Partitions of the events topic this instance detects on").register(meters);
    Gauge.builder("seqwatch.kafka.correlation.keys", listener, EventsTopicListener::estimatedKeys)
        .description("Keys with correlation state over the assigned partitions (approximate)").register(meters);
    return listener;
  }

  /**
   * The listener of the repartition topics: the same detection, per partition, of the rules that
   * are not host-local, each partition owning the join keys that hash to it.
   */
  @Bean
  KafkaMessageListenerContainer<String, byte[]> repartitionTopicsContainer(KafkaProperties kafka,
      SeqwatchProperties properties, RepartitionTopics topics, ActiveRules active, CorrelationSettings settings,
      IngestService ingest, MeterRegistry meters) {
    EventsTopicListener listener = new EventsTopicListener(active, settings, ingest, new RepartitionedWork(topics));
    Gauge.builder("seqwatch.kafka.repartition.partitions.assigned", listener, EventsTopicListener::assignedPartitions)
        .description("Partitions of the repartition topics this instance detects on").register(meters);
    Gauge.builder("seqwatch.kafka.repartition.correlation.keys", listener, EventsTopicListener::estimatedKeys)
        .description("Keys with correlation state over the assigned repartition partitions (approximate)")
        .register(meters);
    return container(kafka, properties, listener, topics.keyed(), topics.single());
  }

  @Bean
  KafkaMessageListenerContainer<String, byte[]> eventsTopicContainer(KafkaProperties kafka,
      SeqwatchProperties properties, EventsTopicListener listener) {
    return container(kafka, properties, listener, properties.kafka().eventsTopic());
  }

  /** A container of one consumer in the group, on {@code topics}, that leaves every commit to {@code listener}. */
  private static KafkaMessageListenerContainer<String, byte[]> container(KafkaProperties kafka,
      SeqwatchProperties properties, EventsTopicListener listener, String... topics) {
    Map<String, Object> settings = kafka.buildConsumerProperties();
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, properties.kafka().groupId());
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Partitions that stay with an instance keep their state through a rebalance; only the ones
    // that move are revoked and rebuilt.
    settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    ContainerProperties container = new ContainerProperties(topics);
    container.setGroupId(properties.kafka().groupId());
    // The listener commits itself, after the alerts are stored, with the last record's timestamp
    // as metadata; the container never commits.
    container.setAckMode(ContainerProperties.AckMode.MANUAL);
    container.setConsumerRebalanceListener(listener);
    container.setMessageListener(listener);
    KafkaMessageListenerContainer<String, byte[]> consumer =
        new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(settings), container);
    // The store being down must not skip records: retry the poll's records until it is back.
    consumer.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS)));
    return consumer;
  }
}
