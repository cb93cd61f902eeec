package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Result;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * The whole pipeline in one JVM, all parts real: the embedded broker, a worker serving the
 * shipped models, and a gateway node. Frames come in over HTTP and from a Python producer that
 * knows only the schema files.
 */
class PipelineIT {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));
  private static final String KEY = "pipeline-it-key";
  private static final String TENANT = "clinic-a";

  private static EmbeddedKafka kafka;
  private static Vertx vertx;
  private static Worker worker;
  private static GatewayNode gateway;

  @BeforeAll
  static void startPipeline() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 2, (short) 1),
        new NewTopic(Topics.RESULTS, 2, (short) 1), new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1)));
    vertx = Vertx.vertx();
    worker = await(Worker.start(vertx, WorkerConfig.defaults()
        .with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with("models.medic-cls.dir", HOME.resolve("models/medic-cls/1").toString())
        .with("models.medic-seg.dir", HOME.resolve("models/medic-seg/1").toString())));
    gateway = await(GatewayNode.start(GatewayConfig.defaults().singleNode()
        .with(ConfigKeys.HTTP_PORT, 0)
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(ConfigKeys.AUTH_API_KEYS,
            List.of(ApiKeySpec.of("it", TENANT, ApiKeyAuthentication.sha256(KEY))))));
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    await(gateway.close());
    await(worker.close());
    await(vertx.close());
    kafka.close();
  }

  @Test
  void answersAFramePostedOverHttpWithAClassificationAndASegmentation() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + gateway.port();
    HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
            URI.create(base + "/v1/feeds/scope-1/frames?tasks=classify,segment"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(png(128))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, accepted.statusCode(), accepted.body());
    String frameId = json(accepted.body()).get("frames").get(0).get("frame_id").asText();

    JsonNode results = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create(base + "/v1/frames/" + frameId + "/results"))
          .header("Authorization", "Bearer " + KEY).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      results = r.statusCode() == 200 ? json(r.body()) : null;
      if (results != null && results.get("complete").asBoolean()) {
        break;
      }
      Thread.sleep(200);
    }
    assertTrue(results != null && results.get("complete").asBoolean(), "results: " + results);
    Set<String> kinds = new TreeSet<>();
    for (JsonNode result : results.get("results")) {
      kinds.add(result.has("classification") && !result.get("classification").isNull()
          ? "classification" : "segmentation");
      assertEquals(TENANT, result.get("tenant").asText());
    }
    assertEquals(Set.of("classification", "segmentation"), kinds, results.toString());
  }

  @Test
  void answersAFrameAPythonProducerWroteFromTheSchemaFilesAlone(@TempDir Path tmp)
      throws Exception {
    Path image = Files.write(tmp.resolve("slice.png"), png(96));
    Process python = new ProcessBuilder("/usr/bin/python3",
        HOME.resolve("schemas/python/produce_frame.py").toString(),
        "--bootstrap", kafka.bootstrapServers(), "--topic", Topics.FRAMES,
        "--image", image.toString(), "--feed", "py-feed", "--tenant", TENANT,
        "--tasks", "classify,segment", "--frame-id", "python-frame-1")
        .redirectErrorStream(true).start();
    String output = new String(python.getInputStream().readAllBytes());
    assertEquals(0, python.waitFor(), "produce_frame.py (needs Debian's python3-avro and "
        + "python3-confluent-kafka; .ci/run installs them): " + output);

    List<Result> answers = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "pipeline-it-python",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.RESULTS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answers.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Result result = AvroCodec.results().decode(r.value());
          if (result.getFrameId().equals("python-frame-1")) {
            assertEquals("py-feed", r.key());
            answers.add(result);
          }
        }
      }
    }
    assertEquals(2, answers.size(), "a classification and a segmentation: " + answers);
    assertTrue(answers.stream().anyMatch(a -> a.getClassification() != null));
    assertTrue(answers.stream().anyMatch(a -> a.getSegmentation() != null));
  }

  /** A grey ramp with a bright disc: an image both models accept. */
  private static byte[] png(int size) throws Exception {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int dx = x - size / 2;
        int dy = y - size / 2;
        int v = dx * dx + dy * dy < size * size / 9 ? 200 : (x + y) * 60 / size;
        image.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static JsonNode json(String body) throws Exception {
    return new ObjectMapper().readTree(body);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
