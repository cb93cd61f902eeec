package org.screening.launcher.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;

/**
 * Reads the results and dead-letter topics, as any downstream consumer would, and reports what
 * arrives to the tracker. Runs on its own thread until closed.
 */
final class ResultListener implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final ResultTracker tracker;
  private final Thread thread;
  private volatile boolean running = true;

  ResultListener(String bootstrapServers, ResultTracker tracker) {
    this.tracker = tracker;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "demo-listener-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.RESULTS, Topics.FRAMES_DLQ));
    this.thread = new Thread(this::loop, "demo-results");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    AvroCodec<Result> results = AvroCodec.results();
    AvroCodec<Frame> frames = AvroCodec.frames();
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        long now = System.nanoTime();
        if (r.topic().equals(Topics.RESULTS)) {
          tracker.result(results.decode(r.value()), now);
        } else {
          tracker.deadLetter(frameIdOf(frames, r.value()));
        }
      }
    }
    consumer.close();
  }

  /** The dead letter's frame id when its original bytes are still a readable frame. */
  private static String frameIdOf(AvroCodec<Frame> frames, byte[] value) {
    try {
      return frames.decode(value).getFrameId();
    } catch (MessageDecodingException e) {
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
