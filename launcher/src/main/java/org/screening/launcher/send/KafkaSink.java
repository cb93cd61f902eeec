package org.screening.launcher.send;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.broker.EmbeddedKafka;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;

/**
 * Frames straight to {@code screening.frames.v1}: idempotent, acknowledged by all replicas. When
 * the producer's buffer is full {@code send} blocks until there is room (the Kafka client's own
 * back-pressure) instead of failing; a frame the broker refuses for good fails the run.
 */
final class KafkaSink implements FrameSink {

  /** Room for a few hundred tiles in flight; beyond it the sender waits. */
  static final long BUFFER_BYTES = 32L * 1024 * 1024;
  /** How long one attempt waits for room or metadata before it is counted and tried again. */
  static final long BLOCK_MS = 10_000;

  private final KafkaProducer<String, byte[]> producer;
  private final AvroCodec<Frame> codec = AvroCodec.frames();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong unacknowledgedBytes = new AtomicLong();
  private final AtomicLong pushbacks = new AtomicLong();

  KafkaSink(String bootstrapServers) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES,
        // Blocking on a full buffer is the back-pressure; past this the send is retried.
        ProducerConfig.MAX_BLOCK_MS_CONFIG, BLOCK_MS,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringSerializer(), new ByteArraySerializer());
    try {
      // Fetch the topic's metadata now, so that a paced (LIVE) source does not start late.
      producer.partitionsFor(Topics.FRAMES);
    } catch (TimeoutException notYet) {
      // The first send waits and retries.
    }
  }

  @Override
  public void send(Frame frame) throws SendFailedException {
    rethrow();
    byte[] value = codec.encode(frame);
    if (unacknowledgedBytes.get() + value.length > BUFFER_BYTES) {
      pushbacks.incrementAndGet(); // this send will wait for the buffer to drain
    }
    unacknowledgedBytes.addAndGet(value.length);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.FRAMES, frame.getFeedId(), value);
    while (true) {
      try {
        producer.send(record, (metadata, error) -> {
          unacknowledgedBytes.addAndGet(-value.length);
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
        return;
      } catch (TimeoutException full) {
        // Buffer still full (or the topic's metadata still missing): wait again, never drop.
        pushbacks.incrementAndGet();
        System.err.println("send: the broker is not taking frames yet (" + full.getMessage()
            + "); still waiting");
      }
    }
  }

  @Override
  public void flush() throws SendFailedException {
    producer.flush();
    rethrow();
  }

  @Override
  public long pushbacks() {
    return pushbacks.get();
  }

  private void rethrow() throws SendFailedException {
    Exception e = failure.get();
    if (e != null) {
      throw new SendFailedException("the broker refused a frame: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
