package org.screening.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;

/**
 * The gateway image that {@code mvn -Pimages package} builds with Jib, started with
 * {@code buildah run} (its entry point, as user 10001, loopback network only) against the
 * embedded broker: it answers /health/live. Skipped where the image or buildah is absent (the
 * images are built in a profile, after deploy/images/base.sh).
 */
class GatewayImageTest {

  private static final Path IMAGE = Path.of("../../gateway/target/jib-image.tar").toAbsolutePath();
  private static final String BUILDAH = "/usr/bin/buildah";

  @Test
  void gatewayImageStartsAndAnswersLiveness(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.exists(IMAGE) && Files.isExecutable(Path.of(BUILDAH)),
        "no gateway image (mvn -Pimages package) or no buildah");
    int port = freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic("screening.frames.v1", 1, (short) 1),
          new NewTopic("screening.results.v1", 1, (short) 1)));
      String container = buildah(tmp, "from", "docker-archive:" + IMAGE).trim();
      String[] lines = container.split("\n");
      container = lines[lines.length - 1];
      try {
        buildah(tmp, "config",
            "--env", "SCREENING_GATEWAY_KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
            "--env", "SCREENING_GATEWAY_HTTP_PORT=" + port,
            "--env", "SCREENING_GATEWAY_CLUSTER_PORT=" + freePort(), container);
        // buildah run needs the command spelt out: the image's own entry point.
        List<String> run =
            new ArrayList<>(List.of("run", "--isolation", "chroot", container, "--"));
        run.addAll(List.of(buildah(tmp, "inspect", "--type", "container", "--format",
            "{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}", container).strip().split("\n")));
        Process gateway = new ProcessBuilder(command(tmp, run.toArray(String[]::new)))
            .redirectErrorStream(true).redirectOutput(tmp.resolve("gateway.log").toFile())
            .start();
        try {
          assertEquals(200, liveStatus(port, gateway), () -> log(tmp));
        } finally {
          gateway.destroy();
          gateway.waitFor(60, TimeUnit.SECONDS);
        }
      } finally {
        buildah(tmp, "rm", container);
      }
    }
  }

  private static int liveStatus(int port, Process gateway) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline && gateway.isAlive()) {
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

  private static List<String> command(Path tmp, String... args) {
    List<String> command = new ArrayList<>(List.of(BUILDAH, "--storage-driver", "vfs",
        "--root", tmp.resolve("storage").toString(), "--runroot", tmp.resolve("run").toString()));
    command.addAll(List.of(args));
    return command;
  }

  private static String buildah(Path tmp, String... args) throws Exception {
    Process process = new ProcessBuilder(command(tmp, args)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("buildah " + String.join(" ", args) + ": " + out);
    }
    return out;
  }

  private static String log(Path tmp) {
    try {
      return Files.readString(tmp.resolve("gateway.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
