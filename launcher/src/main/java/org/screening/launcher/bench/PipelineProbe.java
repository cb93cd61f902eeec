package org.screening.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.broker.EmbeddedKafka;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Timings;

/**
 * Sends frames into the pipeline and reads their results back off the results topic, keeping for
 * each frame its end-to-end time and the worker's own split of it. Each frame asks for one task,
 * so one result completes it; {@link #completions()} gives a permit per completed frame.
 */
final class PipelineProbe implements AutoCloseable {

  /** One completed frame: end to end, and the worker's queue, decode and inference parts. */
  record Sample(double e2eMs, double queueMs, double decodeMs, double inferenceMs) {}

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroCodec<Frame> frames = AvroCodec.frames();
  private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
  private final List<Sample> samples = new ArrayList<>();
  private final Semaphore completions = new Semaphore(0);
  private final Thread reader;
  private volatile boolean running = true;

  PipelineProbe(EmbeddedKafka kafka) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 2),
        new StringSerializer(), new ByteArraySerializer());
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "bench-results-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.RESULTS));
    reader = new Thread(this::read, "bench-results");
    reader.setDaemon(true);
    reader.start();
  }

  void send(Frame frame) {
    sentNanos.put(frame.getFrameId(), System.nanoTime());
    producer.send(new ProducerRecord<>(Topics.FRAMES, frame.getFeedId(), frames.encode(frame)));
  }

  Semaphore completions() {
    return completions;
  }

  long inFlight() {
    return sentNanos.size();
  }

  /** The samples since the last call. */
  synchronized List<Sample> drain() {
    List<Sample> taken = new ArrayList<>(samples);
    samples.clear();
    return taken;
  }

  private void read() {
    AvroCodec<Result> results = AvroCodec.results();
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
        long now = System.nanoTime();
        Result result = results.decode(r.value());
        Long sent = sentNanos.remove(result.getFrameId());
        if (sent != null) {
          Timings t = result.getTimings();
          synchronized (this) {
            samples.add(new Sample((now - sent) / 1e6, t.getQueueMs(), t.getDecodeMs(),
                t.getInferenceMs()));
          }
          completions.release();
        }
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5_000);
    producer.close();
  }
}
