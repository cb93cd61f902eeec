package org.screening.launcher.demo;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.broker.EmbeddedKafka;

/**
 * A producer set up as a scanner's would be (acknowledged by all replicas, idempotent, a short
 * linger, requests up to the broker's largest frame): the demo and the benches send with it, so
 * the benches time what the demo does.
 */
public final class FrameProducers {

  private FrameProducers() {}

  public static KafkaProducer<String, byte[]> create(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 2,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringSerializer(), new ByteArraySerializer());
  }
}
