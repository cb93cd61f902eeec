package org.screening.gateway.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ApiKeySpec.Scope;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway tests share, started once per test JVM: a real Kafka broker with the
 * pipeline's topics, an {@link EchoWorker}, and two gateway nodes forming a Hazelcast cluster
 * under a cluster name of their own (other test runs on the machine stay out).
 */
public final class TestCluster implements ExtensionContext.Store.CloseableResource {

  private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);

  /** Tenant A's key: submit and read. */
  public static final String KEY_A = "key-a-secret";
  /** Tenant B's key: submit and read. */
  public static final String KEY_B = "key-b-secret";
  /** Tenant A's read-only key. */
  public static final String KEY_A_VIEWER = "key-a-viewer-secret";
  /** Tenant C's key, kept for the subscription-limit test so no other test's streams count. */
  public static final String KEY_C = "key-c-secret";

  public static final int IN_FLIGHT_PER_FEED = 4;
  public static final int RESULT_PARTITIONS = 3;
  public static final int PARTS = 4;
  public static final int SUBSCRIPTIONS_PER_KEY = 3;
  public static final int BODY_BYTES = 256 * 1024;
  public static final int PART_BYTES = 128 * 1024;
  /** How often the nodes re-read {@link #keysFile()}. */
  public static final long KEYS_FILE_POLL_MS = 200;
  public static final int MAX_DIMENSION = 1024;

  private final EmbeddedKafka kafka;
  private final EchoWorker echo;
  private final GatewayConfig config;
  private final GatewayNode nodeA;
  private final GatewayNode nodeB;
  private final Path keysFile;

  private TestCluster(EmbeddedKafka kafka, EchoWorker echo, GatewayConfig config, GatewayNode nodeA,
      GatewayNode nodeB, Path keysFile) {
    this.keysFile = keysFile;
    this.kafka = kafka;
    this.echo = echo;
    this.config = config;
    this.nodeA = nodeA;
    this.nodeB = nodeB;
  }

  static TestCluster start() throws Exception {
    long started = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    LOG.info("broker up after {} ms", (System.nanoTime() - started) / 1_000_000);
    kafka.createTopics(List.of(
        new NewTopic(Topics.FRAMES, 3, (short) 1),
        new NewTopic(Topics.RESULTS, RESULT_PARTITIONS, (short) 1),
        new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1),
        new NewTopic(Topics.SUMMARIES, 3, (short) 1)));
    EchoWorker echo = new EchoWorker(kafka.bootstrapServers());
    int portA = EmbeddedKafka.freePort();
    int portB = EmbeddedKafka.freePort();
    Path keysFile = Files.createTempFile("gateway-test-keys", ".json");
    Files.writeString(keysFile, "[]");
    GatewayConfig base = GatewayConfig.defaults()
        .with(ConfigKeys.HTTP_PORT, 0)
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(ConfigKeys.CLUSTER_NAME, "gateway-test-" + UUID.randomUUID())
        .with(ConfigKeys.CLUSTER_MEMBERS, List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB))
        .with(ConfigKeys.AUTH_API_KEYS, List.of(
            ApiKeySpec.of("a", "tenant-a", ApiKeyAuthentication.sha256(KEY_A)),
            ApiKeySpec.of("b", "tenant-b", ApiKeyAuthentication.sha256(KEY_B)),
            new ApiKeySpec("a-viewer", "tenant-a", ApiKeyAuthentication.sha256(KEY_A_VIEWER),
                Set.of(Scope.READ)),
            ApiKeySpec.of("c", "tenant-c", ApiKeyAuthentication.sha256(KEY_C))))
        .with(ConfigKeys.AUTH_API_KEYS_FILE, keysFile.toString())
        .with(ConfigKeys.AUTH_API_KEYS_FILE_POLL_MS, KEYS_FILE_POLL_MS)
        .with(ConfigKeys.LIMITS_IN_FLIGHT_PER_FEED, IN_FLIGHT_PER_FEED)
        .with(ConfigKeys.LIMITS_SUBSCRIPTIONS_PER_KEY, SUBSCRIPTIONS_PER_KEY)
        .with(ConfigKeys.LIMITS_PARTS, PARTS)
        .with(ConfigKeys.LIMITS_BODY_BYTES, BODY_BYTES)
        .with(ConfigKeys.LIMITS_PART_BYTES, PART_BYTES)
        .with(ConfigKeys.LIMITS_MAX_WIDTH, MAX_DIMENSION)
        .with(ConfigKeys.LIMITS_MAX_HEIGHT, MAX_DIMENSION)
        .with(ConfigKeys.KAFKA_PRODUCER, Map.of("linger.ms", "0"));
    GatewayNode nodeA = GatewayNode.start(base.with(ConfigKeys.NODE_ID, "a")
        .with(ConfigKeys.CLUSTER_PORT, portA)).await(60, TimeUnit.SECONDS);
    LOG.info("node a up after {} ms", (System.nanoTime() - started) / 1_000_000);
    GatewayNode nodeB = GatewayNode.start(base.with(ConfigKeys.NODE_ID, "b")
        .with(ConfigKeys.CLUSTER_PORT, portB)).await(60, TimeUnit.SECONDS);
    LOG.info("node b up after {} ms", (System.nanoTime() - started) / 1_000_000);
    return new TestCluster(kafka, echo, base, nodeA, nodeB, keysFile);
  }

  /** {@code key} talking to node A. */
  public ApiClient nodeA(String key) {
    return new ApiClient(nodeA.port(), key);
  }

  /** {@code key} talking to node B. */
  public ApiClient nodeB(String key) {
    return new ApiClient(nodeB.port(), key);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The results partition of {@code feed}: results are keyed by feed id. */
  public static int resultsPartition(String feed) {
    return Utils.toPositive(Utils.murmur2(feed.getBytes(StandardCharsets.UTF_8))) % RESULT_PARTITIONS;
  }

  /** The offset the next result written to {@code partition} will get. */
  public long resultsEnd(int partition) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition topicPartition = new TopicPartition(Topics.RESULTS, partition);
      return consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
    }
  }

  /** The configuration the nodes share; each node adds its id and member port. */
  public GatewayConfig config() {
    return config;
  }

  /** The keys file both nodes watch; it starts empty. */
  public Path keysFile() {
    return keysFile;
  }

  public EchoWorker echo() {
    return echo;
  }

  /** A feed name no other test uses; the prefix steers the echo worker. */
  public static String feed(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void close() throws Exception {
    long closing = System.nanoTime();
    nodeB.close().await(30, TimeUnit.SECONDS);
    nodeA.close().await(30, TimeUnit.SECONDS);
    echo.close();
    kafka.close();
    Files.deleteIfExists(keysFile);
    LOG.info("test cluster closed in {} ms", (System.nanoTime() - closing) / 1_000_000);
  }
}
