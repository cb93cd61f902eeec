package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;

/**
 * Writes Frames to {@code screening.frames.v1}, keyed by feed id, and answers once every
 * in-sync replica has them ({@code acks=all}). Sends run in call order on one worker thread, so
 * the frames of a request keep their order within the feed's partition.
 */
public final class FrameProducer {

  /** Room for the Avro envelope around the largest image accepted. */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  private final KafkaProducer<String, byte[]> producer;

  private FrameProducer(KafkaProducer<String, byte[]> producer) {
    this.producer = producer;
  }

  public static FrameProducer create(Vertx vertx, GatewayConfig config, String nodeId) {
    Map<String, String> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Frames over the 1 MB default are refused by the client before the broker sees them.
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(config.get(ConfigKeys.LIMITS_PART_BYTES) + ENVELOPE_BYTES));
    // A request should fail within seconds when the broker is gone, not after two minutes.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-" + nodeId + "-frames");
    props.putAll(config.kafkaOverrides(ConfigKeys.KAFKA_PRODUCER));
    return new FrameProducer(
        KafkaProducer.create(vertx, props, new StringSerializer(), new ByteArraySerializer()));
  }

  public Future<RecordMetadata> send(Frame frame) {
    return producer.send(KafkaProducerRecord.create(
        Topics.FRAMES, frame.getFeedId(), AvroCodec.frames().encode(frame)));
  }

  public Future<Void> close() {
    return producer.close();
  }
}
