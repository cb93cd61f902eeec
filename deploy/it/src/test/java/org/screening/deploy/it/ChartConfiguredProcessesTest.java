package org.screening.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.schemas.Topics;

/**
 * The chart's configuration run, not just rendered: a gateway and a CPU worker (and, on their
 * own, the summaries) start as processes here with exactly the configuration files, arguments
 * and environment the cpu values give their containers, with pod paths moved under a temporary
 * folder, the broker's address and ports replaced by loopback ones, and the Kubernetes API played
 * by fabric8's mock server; then frames posted to the gateway come back classified and
 * segmented, and the summaries become ready.
 */
class ChartConfiguredProcessesTest {

  private static final Path HOME = Path.of(System.getProperty("screening.home", "../.."))
      .toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "chart-run-key-0123456789abcdef0123456789abcdef";
  private static final String GATEWAY = "screening-gateway";
  private static final String WORKER = "screening-worker-cpu";
  private static final String SUMMARIES = "screening-summaries";
  /** What the image adds to the gateway's JVM (see the Jib configuration). */
  private static final List<String> GATEWAY_JVM_FLAGS = List.of(
      System.getProperty("hazelcast.jvm.flags", "").split(" "));

  @Test
  void gatewayAndWorkerStartedFromTheChartScreenFrames(@TempDir Path tmp) throws Exception {
    RenderedChart chart = RenderedChart.of("cpu");
    Map<String, String> podPaths = Map.of(
        "/opt/screening", HOME.toString(),
        "/etc/screening", tmp.resolve("etc").toString(),
        "/var/cache/screening", tmp.resolve("cache").toString(),
        "/tmp", tmp.resolve("tmp").toString());
    Files.createDirectories(tmp.resolve("tmp"));
    Files.createDirectories(tmp.resolve("etc/config"));
    Files.createDirectories(tmp.resolve("etc/api-keys"));
    Files.writeString(tmp.resolve("etc/api-keys/apiKeys.json"), "[{\"id\": \"chart-run\", "
        + "\"tenant\": \"t1\", \"sha256\": \"" + ApiKeyAuthentication.sha256(KEY) + "\", "
        + "\"scopes\": [\"submit\", \"read\"]}]");

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      ObjectNode workerConfig = (ObjectNode) JSON.readTree(
          relocate(chart.configMapFile(WORKER, "worker.json"), podPaths));
      kafka.createTopics(List.of(
          new NewTopic(workerConfig.path("topics.frames").asText(), 2, (short) 1),
          new NewTopic(workerConfig.path("topics.results").asText(), 2, (short) 1),
          new NewTopic(workerConfig.path("topics.deadLetters").asText(), 1, (short) 1)));
      workerConfig.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      Files.writeString(tmp.resolve("etc/config/worker.json"), workerConfig.toString());

      int httpPort = EmbeddedKafka.freePort();
      int clusterPort = EmbeddedKafka.freePort();
      ObjectNode gatewayConfig = (ObjectNode) JSON.readTree(
          relocate(chart.configMapFile(GATEWAY, "gateway.json"), podPaths));
      gatewayConfig.put("kafka.bootstrapServers", kafka.bootstrapServers());
      gatewayConfig.put("http.port", httpPort);
      gatewayConfig.put("cluster.port", clusterPort);
      ObjectNode discovery = (ObjectNode) gatewayConfig.path("cluster.kubernetes");
      Path endpoints = Files.writeString(tmp.resolve("endpoints.yaml"), """
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata:
            name: members-1
            namespace: %s
            labels: {kubernetes.io/service-name: %s}
          addressType: IPv4
          ports: [{name: hazelcast, port: %d, protocol: TCP}]
          endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: false}}]
          """.formatted(discovery.path("namespace").asText(),
          discovery.path("service-name").asText(), clusterPort));

      try (MockKubernetesApi api = MockKubernetesApi.serving(endpoints, tmp)) {
        // What a pod's service account mount gives Hazelcast.
        discovery.put("service-port", Integer.toString(clusterPort));
        discovery.put("kubernetes-master", api.url());
        discovery.put("api-token", "service-account-token");
        discovery.put("ca-certificate", api.certificatePem());
        discovery.put("kubernetes-api-retries", "0");
        Files.writeString(tmp.resolve("etc/config/gateway.json"), gatewayConfig.toString());

        Map<String, String> gatewayEnv = relocate(RenderedChart.environment(
            chart.container("StatefulSet", GATEWAY),
            Map.of("metadata.name", GATEWAY + "-0", "status.podIP", "127.0.0.1")), podPaths);
        Map<String, String> workerEnv = relocate(RenderedChart.environment(
            chart.container("Deployment", WORKER),
            Map.of("metadata.name", WORKER + "-abc12")), podPaths);
        String workerPort = Integer.toString(EmbeddedKafka.freePort());
        workerEnv.replaceAll((k, v) -> k.endsWith("_HTTP_PORT") ? workerPort
            : k.endsWith("_HTTP_HOST") ? "127.0.0.1" : v);

        try (PodProcess gateway = PodProcess.start("org.screening.gateway.cli.GatewayCommand",
                GATEWAY_JVM_FLAGS,
                relocate(RenderedChart.args(chart.container("StatefulSet", GATEWAY)), podPaths),
                gatewayEnv, tmp.resolve("gateway.log"));
            PodProcess worker = PodProcess.start("org.screening.workers.cli.WorkerCommand",
                List.of(),
                relocate(RenderedChart.args(chart.container("Deployment", WORKER)), podPaths),
                workerEnv, tmp.resolve("worker.log"))) {
          String base = "http://127.0.0.1:" + httpPort;
          awaitReady(base, gateway);
          List<String> frames = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            frames.add(submit(base, 96 + 16 * i));
          }
          for (String frame : frames) {
            assertEquals(Set.of("classification", "segmentation"),
                resultKinds(base, frame, worker), "frame " + frame);
          }
        }
      }
    }
  }

  @Test
  void summariesStartedFromTheChartBecomeReady(@TempDir Path tmp) throws Exception {
    RenderedChart chart = RenderedChart.of("cpu");
    Map<String, String> podPaths = Map.of(
        "/etc/screening", tmp.resolve("etc").toString(),
        "/var/lib/screening", tmp.resolve("lib").toString(),
        "/tmp", tmp.resolve("tmp").toString());
    Files.createDirectories(tmp.resolve("tmp"));
    Files.createDirectories(tmp.resolve("etc/config"));
    Files.writeString(tmp.resolve("etc/config/kafka.properties"),
        chart.configMapFile(SUMMARIES, "kafka.properties"));
    JsonNode container = chart.container("Deployment", SUMMARIES);

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 2, (short) 1),
          new NewTopic(Topics.RESULTS, 2, (short) 1),
          new NewTopic(Topics.SUMMARIES, 2, (short) 1)));
      List<String> args = new ArrayList<>(relocate(RenderedChart.args(container), podPaths));
      args.set(args.indexOf("--bootstrap-servers") + 1, kafka.bootstrapServers());
      Map<String, String> env = relocate(RenderedChart.environment(container, Map.of()),
          podPaths);
      String port = Integer.toString(EmbeddedKafka.freePort());
      env.replaceAll((k, v) -> k.endsWith("_HTTP_PORT") ? port
          : k.endsWith("_HTTP_HOST") ? "127.0.0.1" : v);

      try (PodProcess summaries = PodProcess.start(
          "org.screening.summaries.cli.SummariesCommand", List.of(), args, env,
          tmp.resolve("summaries.log"))) {
        awaitReady("http://127.0.0.1:" + port, summaries);
      }
    }
  }

  /** Every pod path in {@code text} moved to its local folder, in one pass (no path twice). */
  private static String relocate(String text, Map<String, String> podPaths) {
    Pattern anyPodPath = Pattern.compile(podPaths.keySet().stream()
        .map(Pattern::quote).collect(Collectors.joining("|", "(", ")(?=/)")));
    return anyPodPath.matcher(text)
        .replaceAll(m -> Matcher.quoteReplacement(podPaths.get(m.group(1))));
  }

  private static List<String> relocate(List<String> args, Map<String, String> podPaths) {
    return args.stream().map(a -> relocate(a, podPaths)).toList();
  }

  private static Map<String, String> relocate(Map<String, String> env,
      Map<String, String> podPaths) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, relocate(v, podPaths)));
    return out;
  }

  private static void awaitReady(String base, PodProcess pod) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline && pod.isAlive()) {
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create(base + "/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (ConnectException notListeningYet) {
        // A gateway node binds its port once it has joined the cluster and reached Kafka.
      }
      Thread.sleep(500);
    }
    throw new AssertionError(base + " not ready; the pod's log:\n" + Files.readString(pod.log()));
  }

  private static String submit(String base, int size) throws Exception {
    HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/v1/feeds/chart-run/frames?tasks=classify,segment"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(png(size))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, accepted.statusCode(), accepted.body());
    return JSON.readTree(accepted.body()).get("frames").get(0).get("frame_id").asText();
  }

  /** The kinds of result the frame got, once complete; fails with the worker's log if never. */
  private static Set<String> resultKinds(String base, String frame, PodProcess worker)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    // The worker loads and warms both models first: minutes on a loaded 2-core machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline && worker.isAlive()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create(base + "/v1/frames/" + frame + "/results"))
          .header("Authorization", "Bearer " + KEY).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode results = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      if (results != null && results.get("complete").asBoolean()) {
        Set<String> kinds = new TreeSet<>();
        for (JsonNode result : results.get("results")) {
          kinds.add(result.hasNonNull("classification") ? "classification" : "segmentation");
        }
        return kinds;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no complete results for a frame; the worker's log:\n"
        + Files.readString(worker.log()));
  }

  private static byte[] png(int size) throws IOException {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int v = (x * 7 + y * 3) % 256;
        image.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
