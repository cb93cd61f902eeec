package org.screening.launcher.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * The whole pipeline in this JVM, every part real: the embedded broker, a worker serving the
 * shipped models, a gateway node, with the size limits of {@link BadInputs}; plus the clients
 * the tests talk to it with.
 */
public final class TestPipeline implements AutoCloseable {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private final EmbeddedKafka kafka;
  private final Vertx vertx;
  private final Worker worker;
  private final GatewayNode gateway;
  private final String apiKey;
  private final KafkaProducer<byte[], byte[]> producer;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestPipeline(EmbeddedKafka kafka, Vertx vertx, Worker worker, GatewayNode gateway,
      String apiKey) {
    this.kafka = kafka;
    this.vertx = vertx;
    this.worker = worker;
    this.gateway = gateway;
    this.apiKey = apiKey;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        // Above the topic's limit, so that the broker, not this client, judges a large record.
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * BadInputs.TOPIC_MAX_MESSAGE_BYTES),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** @param tenant the tenant the API key acts for */
  public static TestPipeline start(String tenant) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    kafka.createTopics(List.of(
        new NewTopic(Topics.FRAMES, 2, (short) 1).configs(Map.of("max.message.bytes",
            Integer.toString(BadInputs.TOPIC_MAX_MESSAGE_BYTES))),
        new NewTopic(Topics.RESULTS, 2, (short) 1), new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1)));
    Vertx vertx = Vertx.vertx();
    Worker worker = await(Worker.start(vertx, WorkerConfig.defaults()
        .with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(WorkerConfig.DECODE_MAX_BYTES, BadInputs.WORKER_MAX_BYTES)
        .with("models.medic-cls.dir", HOME.resolve("models/medic-cls/1").toString())
        .with("models.medic-seg.dir", HOME.resolve("models/medic-seg/1").toString())));
    String apiKey = "bad-input-key";
    GatewayNode gateway = await(GatewayNode.start(GatewayConfig.defaults().singleNode()
        .with(ConfigKeys.HTTP_PORT, 0)
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(ConfigKeys.LIMITS_BODY_BYTES, BadInputs.GATEWAY_BODY_BYTES)
        .with(ConfigKeys.LIMITS_PART_BYTES, BadInputs.GATEWAY_BODY_BYTES)
        .with(ConfigKeys.AUTH_API_KEYS,
            List.of(ApiKeySpec.of("it", tenant, ApiKeyAuthentication.sha256(apiKey))))));
    return new TestPipeline(kafka, vertx, worker, gateway, apiKey);
  }

  public Worker worker() {
    return worker;
  }

  /** The gateway's base URL and the API key it accepts, for clients of its own. */
  public java.net.URI gatewayUri() {
    return java.net.URI.create(base());
  }

  public String apiKey() {
    return apiKey;
  }

  /** POSTs one image to {@code feed} asking for a classification; {@code query} starts with &. */
  public HttpResponse<String> post(String feed, String contentType, String query, byte[] body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/feeds/" + feed
            + "/frames?tasks=classify" + query))
        .header("Authorization", "Bearer " + apiKey).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The frame's results document once complete; empty if it is not complete in time. */
  public Optional<String> completedResults(String frameId) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create(base() + "/v1/frames/" + frameId + "/results"))
          .header("Authorization", "Bearer " + apiKey).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && r.body().contains("\"complete\":true")) {
        return Optional.of(r.body());
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  /** Sends one record to the frames topic and waits for the broker's answer. */
  public void produce(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.FRAMES, key.getBytes(), value))
        .get(30, TimeUnit.SECONDS);
  }

  /** Frame ids of {@code wanted} that got a result, once all did or patience ran out. */
  public Set<String> answered(Set<String> wanted) {
    Set<String> found = new HashSet<>();
    readUntil(Topics.RESULTS, record -> {
      String frameId = AvroCodec.results().decode(record.value()).getFrameId();
      if (wanted.contains(frameId)) {
        found.add(frameId);
      }
      return found.containsAll(wanted);
    });
    return found;
  }

  /** The dead letter holding exactly {@code value}, if one arrives in time. */
  public Optional<ConsumerRecord<byte[], byte[]>> deadLetterOf(byte[] value) {
    List<ConsumerRecord<byte[], byte[]>> match = new ArrayList<>();
    readUntil(Topics.FRAMES_DLQ, record -> {
      if (Arrays.equals(record.value(), value)) {
        match.add(record);
      }
      return !match.isEmpty();
    });
    return match.stream().findFirst();
  }

  /** Reads {@code topic} from its start until {@code done} says so or patience runs out. */
  private void readUntil(String topic, Predicate<ConsumerRecord<byte[], byte[]>> done) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * BadInputs.TOPIC_MAX_MESSAGE_BYTES),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (done.test(record)) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    producer.close();
    await(gateway.close());
    await(worker.close());
    await(vertx.close());
    kafka.close();
  }

  private String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
