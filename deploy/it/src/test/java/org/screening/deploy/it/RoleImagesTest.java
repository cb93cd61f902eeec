package org.screening.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.schemas.Topics;

/**
 * The role images that {@code mvn -Pimages package} builds with Jib, each started with
 * {@code buildah run} (its entry point, as user 10001, loopback network only) against the
 * embedded broker: each answers /health/live. Skipped where an image or buildah is absent (the
 * images are built in a profile, after deploy/images/base.sh).
 */
class RoleImagesTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @Test
  void gatewayImageStartsAndAnswersLiveness(@TempDir Path tmp) throws Exception {
    int port = EmbeddedKafka.freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic("screening.frames.v1", 1, (short) 1),
          new NewTopic("screening.results.v1", 1, (short) 1)));
      assertEquals(200, liveStatus(tmp, "gateway", Map.of(
          "SCREENING_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "SCREENING_GATEWAY_HTTP_PORT", Integer.toString(port),
          "SCREENING_GATEWAY_CLUSTER_PORT", Integer.toString(EmbeddedKafka.freePort())), port));
    }
  }

  /** The shipped models, from where the image holds them. */
  @Test
  void workerImageStartsAndAnswersLiveness(@TempDir Path tmp) throws Exception {
    int port = EmbeddedKafka.freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic("screening.frames.v1", 1, (short) 1),
          new NewTopic("screening.results.v1", 1, (short) 1),
          new NewTopic("screening.frames.v1.dlq", 1, (short) 1)));
      assertEquals(200, liveStatus(tmp, "workers", Map.of(
          "SCREENING_WORKER_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "SCREENING_WORKER_HTTP_PORT", Integer.toString(port),
          "SCREENING_WORKER_MODELS_MEDIC_CLS_DIR", "/opt/screening/models/medic-cls/1",
          "SCREENING_WORKER_MODELS_MEDIC_SEG_DIR", "/opt/screening/models/medic-seg/1"), port));
    }
  }

  @Test
  void summariesImageStartsAndAnswersLiveness(@TempDir Path tmp) throws Exception {
    int port = EmbeddedKafka.freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 1, (short) 1),
          new NewTopic(Topics.RESULTS, 1, (short) 1),
          new NewTopic(Topics.SUMMARIES, 1, (short) 1)));
      assertEquals(200, liveStatus(tmp, "summaries", Map.of(
          "SCREENING_SUMMARIES_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "SCREENING_SUMMARIES_STATE_DIR", "/tmp/summaries-state",
          "SCREENING_SUMMARIES_HTTP_PORT", Integer.toString(port)), port));
    }
  }

  /** Starts the module's image with {@code env} and reads its /health/live status. */
  private static int liveStatus(Path tmp, String module, Map<String, String> env, int port)
      throws Exception {
    Path image = ROOT.resolve(module).resolve("target/jib-image.tar");
    assumeTrue(Files.exists(image) && Files.isExecutable(Path.of(Buildah.PATH)),
        "no " + module + " image (mvn -Pimages package) or no buildah");
    Buildah buildah = new Buildah(tmp);
    String container = buildah.fromArchive(image);
    try {
      List<String> config = new ArrayList<>();
      env.forEach((key, value) -> config.addAll(List.of("--env", key + "=" + value)));
      config.add(container);
      buildah.run(concat("config", config));
      Path log = tmp.resolve(module + ".log");
      Process role = buildah.startEntryPoint(container, log);
      try {
        int status = liveStatus(port, role);
        if (status != 200) {
          System.err.println(Files.readString(log));
        }
        return status;
      } finally {
        role.destroy();
        role.waitFor(60, TimeUnit.SECONDS);
      }
    } finally {
      buildah.run("rm", container);
    }
  }

  private static String[] concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all.toArray(String[]::new);
  }

  private static int liveStatus(int port, Process role) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && role.isAlive()) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/health/live")).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (ConnectException notYet) {
        Thread.sleep(500);
      }
    }
    return -1;
  }
}
