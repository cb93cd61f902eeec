package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.SelfSignedCertificate;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.TestCluster;

/** A node of its own serving HTTPS with a certificate made for the test. */
@ExtendWith(GatewayClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsTest {

  private final TestCluster cluster;
  private Path certificateDir;
  private SelfSignedCertificate certificate;
  private GatewayNode node;
  private HttpClient trusting;

  HttpsTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeAll
  void startAnHttpsNode() throws Exception {
    certificateDir = Files.createTempDirectory("gateway-https-test");
    certificate = SelfSignedCertificate.create(certificateDir);
    node = GatewayNode.start(cluster.config().singleNode()
        .with(ConfigKeys.NODE_ID, "https")
        .with(ConfigKeys.CLUSTER_NAME, "gateway-https-test-" + UUID.randomUUID())
        .with(ConfigKeys.HTTP_TLS_CERT_PATH, certificate.certificatePem().toString())
        .with(ConfigKeys.HTTP_TLS_KEY_PATH, certificate.privateKeyPem().toString()))
        .await(60, TimeUnit.SECONDS);
    trusting = HttpClient.newBuilder().sslContext(certificate.trustingContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  void stopTheNode() throws Exception {
    if (node != null) {
      node.close().await(30, TimeUnit.SECONDS);
    }
    try (var files = Files.list(certificateDir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(certificateDir);
  }

  @Test
  void healthAndMetricsAnswerOverHttpsToAClientTrustingTheCertificate() throws Exception {
    assertEquals(200, send(HttpRequest.newBuilder(https("/health/live")).GET()).statusCode());
    assertEquals(200, send(HttpRequest.newBuilder(https("/metrics")).GET()).statusCode());
  }

  @Test
  void aFrameSubmittedOverHttpsGetsItsResultsOverHttps() throws Exception {
    HttpResponse<String> accepted = send(HttpRequest.newBuilder(
            https("/v1/feeds/" + TestCluster.feed("https") + "/frames?tasks=classify"))
        .header("Authorization", "Bearer " + TestCluster.KEY_A)
        .header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Images.png(16, 16, 3))));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String frameId = new JsonObject(accepted.body()).getJsonArray("frames").getJsonObject(0)
        .getString("frame_id");

    Eventually.assertThat("the frame's results are complete", () -> {
      HttpResponse<String> results = send(HttpRequest.newBuilder(
              https("/v1/frames/" + frameId + "/results"))
          .header("Authorization", "Bearer " + TestCluster.KEY_A).GET());
      return results.statusCode() == 200
          && new JsonObject(results.body()).getBoolean("complete");
    });
  }

  @Test
  void aPlainHttpRequestToTheHttpsPortFails() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    assertThrows(IOException.class, () -> plain.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health/live"))
            .timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  private URI https(String path) {
    return URI.create("https://127.0.0.1:" + node.port() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return trusting.send(request.timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
