package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.broker.SaslSslListener;
import org.screening.broker.SelfSignedCertificate;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.launcher.support.CapturedOutput;
import org.screening.schemas.Topics;
import org.screening.workers.cli.WorkerCommand;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * The pipeline with every hop encrypted: HTTPS into the gateway, SASL_SSL (PLAIN) between the
 * broker and both the gateway and the worker. The broker's own plaintext listener serves only
 * topic creation here.
 */
class SecureTransportIT {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));
  private static final String KEY = "secure-it-key";
  private static final String GATEWAY_PASSWORD = "gateway-secret";
  private static final String WORKER_PASSWORD = "worker-secret";
  private static final String WRONG_PASSWORD = "not-the-password";

  @TempDir
  static Path dir;
  private static SelfSignedCertificate certificate;
  private static EmbeddedKafka kafka;
  private static Vertx vertx;
  private static Worker worker;
  private static GatewayNode gateway;

  @BeforeAll
  static void startPipeline() throws Exception {
    certificate = SelfSignedCertificate.create(dir);
    kafka = EmbeddedKafka.startWithSaslSsl(new SaslSslListener(certificate,
        Map.of("gateway", GATEWAY_PASSWORD, "worker", WORKER_PASSWORD)));
    kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 1, (short) 1),
        new NewTopic(Topics.RESULTS, 1, (short) 1), new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1)));
    vertx = Vertx.vertx();
    worker = await(Worker.start(vertx, WorkerConfig.of(workerConfig(WORKER_PASSWORD))));
    gateway = await(GatewayNode.start(gatewayConfig(GATEWAY_PASSWORD)));
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    await(gateway.close());
    await(worker.close());
    await(vertx.close());
    kafka.close();
  }

  @Test
  void aFramePostedOverHttpsIsAnsweredThroughTheSaslSslBroker() throws Exception {
    HttpClient https = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
    String base = "https://127.0.0.1:" + gateway.port();
    HttpResponse<String> accepted = https.send(HttpRequest.newBuilder(
            URI.create(base + "/v1/feeds/secure-feed/frames?tasks=classify"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(png())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, accepted.statusCode(), accepted.body());
    String frameId = json(accepted.body()).get("frames").get(0).get("frame_id").asText();

    JsonNode results = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((results == null || !results.get("complete").asBoolean()) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      HttpResponse<String> r = https.send(HttpRequest.newBuilder(
              URI.create(base + "/v1/frames/" + frameId + "/results"))
          .header("Authorization", "Bearer " + KEY).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      results = r.statusCode() == 200 ? json(r.body()) : null;
    }
    assertTrue(results != null && results.get("complete").asBoolean(), "results: " + results);
    assertTrue(results.get("results").get(0).has("classification"), results.toString());
  }

  @Test
  void aGatewayWithAWrongKafkaPasswordFailsToStartNamingItsCredentialSettings() {
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> await(GatewayNode.start(gatewayConfig(WRONG_PASSWORD))));

    String message = refused.getCause().getMessage();
    assertTrue(message.contains("Kafka refused the gateway's credentials"), message);
    assertTrue(message.contains("kafka.client"), message);
    assertTrue(message.contains("Invalid username or password"), message);
  }

  @Test
  void aWorkerWithAWrongKafkaPasswordFailsToStartNamingItsCredentialSettings() throws Exception {
    String logs;
    ExecutionException refused;
    try (CapturedOutput output = CapturedOutput.start()) {
      Future<Worker> started = Worker.start(vertx, WorkerConfig.of(workerConfig(WRONG_PASSWORD)));
      refused = assertThrows(ExecutionException.class,
          () -> started.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      logs = output.text();
    }

    String message = refused.getCause().getMessage();
    assertTrue(message.contains("Kafka refused the worker's credentials"), message);
    assertTrue(message.contains(WorkerConfig.KAFKA_CLIENT_PREFIX), message);
    assertFalse(message.contains(WRONG_PASSWORD), message);
    assertFalse(logs.contains(WRONG_PASSWORD), logs);
  }

  @Test
  void theWorkerCommandWithAWrongKafkaPasswordExitsNamingItsCredentialSettings() throws Exception {
    Path config = Files.writeString(dir.resolve("worker.json"),
        new ObjectMapper().writeValueAsString(workerConfig(WRONG_PASSWORD)));
    Path log = dir.resolve("worker.log");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), WorkerCommand.class.getName(),
        "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertTrue(process.waitFor(90, TimeUnit.SECONDS), "exited: " + Files.readString(log));
    } finally {
      process.destroyForcibly();
    }

    String output = Files.readString(log);
    assertEquals(1, process.exitValue(), output);
    assertTrue(output.contains("Kafka refused the worker's credentials"), output);
    assertTrue(output.contains(WorkerConfig.KAFKA_CLIENT_PREFIX), output);
    assertFalse(output.contains(WRONG_PASSWORD), output);
  }

  /** The worker's settings, flat as in its config file, over the SASL_SSL listener. */
  private static Map<String, Object> workerConfig(String kafkaPassword) {
    Map<String, Object> config = new HashMap<>();
    config.put(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.saslSslBootstrapServers());
    config.put("models.medic-cls.dir", HOME.resolve("models/medic-cls/1").toString());
    config.put("models.medic-seg.dir", HOME.resolve("models/medic-seg/1").toString());
    kafkaSecurity("worker", kafkaPassword).forEach(
        (key, value) -> config.put(WorkerConfig.KAFKA_CLIENT_PREFIX + key, value));
    return config;
  }

  private static GatewayConfig gatewayConfig(String kafkaPassword) {
    return GatewayConfig.defaults().singleNode()
        .with(ConfigKeys.HTTP_PORT, 0)
        .with(ConfigKeys.HTTP_TLS_CERT_PATH, certificate.certificatePem().toString())
        .with(ConfigKeys.HTTP_TLS_KEY_PATH, certificate.privateKeyPem().toString())
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.saslSslBootstrapServers())
        .with(ConfigKeys.KAFKA_CLIENT, kafkaSecurity("gateway", kafkaPassword))
        .with(ConfigKeys.AUTH_API_KEYS,
            List.of(ApiKeySpec.of("it", "clinic-s", ApiKeyAuthentication.sha256(KEY))));
  }

  /** The client settings an operator writes for SASL_SSL with PLAIN and a PEM trust store. */
  private static Map<String, String> kafkaSecurity(String user, String password) {
    return Map.of(
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"" + user + "\" password=\"" + password + "\";",
        "ssl.truststore.type", "PEM",
        "ssl.truststore.location", certificate.certificatePem().toString());
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    image.setRGB(14, 14, 0xffffff);
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
