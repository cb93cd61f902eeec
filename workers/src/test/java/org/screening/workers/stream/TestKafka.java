package org.screening.workers.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.screening.broker.EmbeddedKafka;

/**
 * One real broker for every stream test of the JVM (a broker takes seconds to start), and
 * topics of their own for each test, so tests never see each other's frames.
 */
final class TestKafka {

  private static final AtomicInteger TOPIC_SETS = new AtomicInteger();
  private static EmbeddedKafka broker;

  /** A test's frames, results and dead-letter topics. */
  record Topics(String frames, String results, String deadLetters) {}

  private TestKafka() {}

  static synchronized String bootstrapServers() {
    if (broker == null) {
      // Lets tests use short session timeouts, so rebalances take well under a second.
      broker = EmbeddedKafka.start(Map.of("group.min.session.timeout.ms", "500"));
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return broker.bootstrapServers();
  }

  static Topics topics(int framePartitions) {
    return topics(framePartitions, Map.of());
  }

  /** As {@link #topics(int)}, the dead-letter topic with {@code deadLetterConfig}. */
  static Topics topics(int framePartitions, Map<String, String> deadLetterConfig) {
    int n = TOPIC_SETS.incrementAndGet();
    Topics topics = new Topics("frames-" + n, "results-" + n, "dlq-" + n);
    bootstrapServers();
    broker.createTopics(List.of(new NewTopic(topics.frames(), framePartitions, (short) 1),
        new NewTopic(topics.results(), 1, (short) 1),
        new NewTopic(topics.deadLetters(), 1, (short) 1).configs(deadLetterConfig)));
    return topics;
  }

  /** The offset {@code group} has committed on partition 0 of {@code topic}; -1 for none. */
  static long committed(String group, String topic) {
    try (Admin admin = admin()) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, 0));
      return offset == null ? -1 : offset.offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot read the offsets of " + group, e.getCause());
    }
  }

  static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  static void produce(String topic, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(),
            record.headers())).get();
      }
    }
  }

  /**
   * Reads {@code topic} from the start until the records read satisfy {@code enough}, or 60 s
   * pass; returns what it read either way.
   */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> enough) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!enough.test(read) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
      }
      return read;
    }
  }

  /** Waits up to 60 s for {@code condition}. */
  static void await(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
