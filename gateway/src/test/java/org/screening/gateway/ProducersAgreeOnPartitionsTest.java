package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.TestCluster;

/**
 * A feed produced from Python (PRODUCING.md's script, librdkafka) and from Java (the gateway's
 * Kafka client) must land on one partition, or its frames lose their order. Both write to a
 * topic of several partitions through a real broker; each key must come out of one partition.
 */
@ExtendWith(GatewayClusterExtension.class)
class ProducersAgreeOnPartitionsTest {

  private static final int PARTITIONS = 6;
  private static final Path SCRIPT = Path.of("../schemas/python/produce_frame.py");
  /** With 6 partitions, two partitioners agree on all of these by chance once in 6^10. */
  private static final List<String> FEEDS =
      IntStream.range(0, 10).mapToObj(i -> "tower-" + i).toList();

  private final String bootstrap;

  ProducersAgreeOnPartitionsTest(TestCluster cluster) {
    bootstrap = cluster.config().get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS);
  }

  @Test
  void theProducingGuidesPythonProducerUsesTheJavaPartitioner() throws Exception {
    String guide = Files.readString(Path.of("../schemas/PRODUCING.md"));
    String python = guide.substring(guide.indexOf("```python"));
    String producer = python.substring(python.indexOf("Producer({"));

    assertTrue(producer.substring(0, producer.indexOf("})")).contains(
        "\"partitioner\": \"murmur2_random\""), producer);
  }

  @Test
  void pythonAndJavaProducersPutEachFeedOnTheSamePartition(@TempDir Path tmp) throws Exception {
    String topic = "partitions-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    Path image = Files.write(tmp.resolve("frame.png"), Images.png(4, 4, 3));
    for (String feed : FEEDS) {
      Process python = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(),
          "--bootstrap", bootstrap, "--topic", topic, "--image", image.toString(),
          "--feed", feed, "--tenant", "clinic").redirectErrorStream(true).start();
      String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, python.waitFor(), "produce_frame.py (needs Debian's python3-avro and "
          + "python3-confluent-kafka; .ci/run installs them): " + output);
    }
    try (KafkaProducer<String, byte[]> java = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (String feed : FEEDS) {
        java.send(new ProducerRecord<>(topic, feed, new byte[] {'j'})).get();
      }
    }

    Map<String, Integer> pythonPartitions = new HashMap<>();
    Map<String, Integer> javaPartitions = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "partitions-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (pythonPartitions.size() + javaPartitions.size() < 2 * FEEDS.size()
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          boolean fromJava = record.value().length == 1;
          (fromJava ? javaPartitions : pythonPartitions).put(record.key(), record.partition());
        }
      }
    }
    assertEquals(FEEDS.size(), javaPartitions.size(), "records read from Java");
    assertEquals(FEEDS.size(), pythonPartitions.size(), "records read from Python");
    assertEquals(javaPartitions, pythonPartitions);
    assertTrue(javaPartitions.values().stream().distinct().count() > 1, "keys spread out");
  }
}
