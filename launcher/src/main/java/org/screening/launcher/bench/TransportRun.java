package org.screening.launcher.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.demo.FrameProducers;

/**
 * One transport measurement: the demo's producer ({@link FrameProducers}) sends one payload's
 * messages to a fresh topic for a while, flat out or paced, and a plain consumer in this JVM reads
 * them back; each message carries its send time (nanoTime, comparable within the process) in a
 * header.
 */
final class TransportRun {

  private static final String SENT = "bench-sent-nanos";
  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final AtomicLong TOPICS = new AtomicLong();

  /** What came back: messages and bytes received, over how long, and each one's latency. */
  record Outcome(long messages, long bytes, double seconds, double[] latencyMs) {
    double messagesPerS() {
      return messages / seconds;
    }

    double mbPerS() {
      return bytes / seconds / 1e6;
    }
  }

  private TransportRun() {}

  /** {@code perSecond} <= 0 sends flat out; the producer's buffer then bounds what is queued. */
  static Outcome run(EmbeddedKafka kafka, int partitions, TransportPayload payload,
      double perSecond, double seconds) throws InterruptedException {
    String topic = "bench.transport." + payload.name() + "." + TOPICS.incrementAndGet();
    kafka.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
        .configs(Map.of("max.message.bytes", String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES)))));
    try (KafkaProducer<String, byte[]> producer = FrameProducers.create(kafka.bootstrapServers());
        KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
      List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      assigned.forEach(consumer::position);

      Receiver receiver = new Receiver(consumer);
      Thread reader = new Thread(receiver, "bench-transport-consumer");
      reader.start();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long sent = 0;
      List<byte[]> messages = payload.messages();
      for (long now = start; now < end; now = System.nanoTime()) {
        if (perSecond > 0) {
          long wait = start + (long) (sent * 1e9 / perSecond) - now;
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic,
            "feed-" + sent % partitions, messages.get((int) (sent % messages.size())));
        record.headers().add(SENT, ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime())
            .array());
        producer.send(record);
        sent++;
      }
      producer.flush();
      receiver.awaitCount(sent);
      receiver.stopped = true;
      reader.join();
      return new Outcome(receiver.messages, receiver.bytes,
          (receiver.lastNanos - start) / 1e9, receiver.latencies());
    }
  }

  /**
   * Reads until stopped, on its own thread; the counts are read after it is joined. A flag, not
   * an interrupt: an interrupt inside poll() surfaces as an exception.
   */
  private static final class Receiver implements Runnable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Double> latencies = new ArrayList<>();
    private volatile long messages;
    private volatile boolean stopped;
    private long bytes;
    private long lastNanos;

    Receiver(KafkaConsumer<String, byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void run() {
      while (!stopped) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long now = System.nanoTime();
          Header sent = record.headers().lastHeader(SENT);
          latencies.add((now - ByteBuffer.wrap(sent.value()).getLong()) / 1e6);
          bytes += record.value().length;
          lastNanos = now;
          messages++;
        }
      }
    }

    void awaitCount(long expected) throws InterruptedException {
      long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
      while (messages < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Only " + messages + " of " + expected
              + " messages came back within 30 s");
        }
        Thread.sleep(5);
      }
    }

    double[] latencies() {
      return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafka kafka) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringDeserializer(), new ByteArrayDeserializer());
  }
}
