package org.screening.summaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.health.HealthServer;

/** The summaries role's probes, served by the shared health server and read over HTTP. */
class SummarizerProbesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static EmbeddedKafka kafka;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path state;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
    CaseFeeds.createTopics(kafka);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @AfterEach
  void stopVertx() {
    vertx.close().await();
  }

  private Summarizer running() throws InterruptedException {
    Summarizer summarizer = Summarizer.start(SummariesConfig.defaults(kafka.bootstrapServers(),
        state).withApplicationId("probes-" + UUID.randomUUID()));
    assertTrue(summarizer.awaitRunning(DEADLINE), "the summarizer did not start");
    return summarizer;
  }

  private HttpResponse<String> get(HealthServer health, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRunningSummarizerIsLiveStartedAndReady() throws Exception {
    HealthServer health = HealthServer.start(vertx, "127.0.0.1", 0, () -> "").await();
    try (Summarizer summarizer = running()) {
      health.serve(summarizer);

      for (String probe : new String[] {"/health/live", "/health/startup", "/health/ready"}) {
        HttpResponse<String> answer = get(health, probe);
        assertEquals(200, answer.statusCode(), probe + ": " + answer.body());
        assertTrue(answer.body().contains("RUNNING") || answer.body().contains("has been running"),
            probe + ": " + answer.body());
      }
    }
  }

  /** A stopped instance never comes back by itself: the kubelet must restart the container. */
  @Test
  void aStoppedSummarizerIsNeitherLiveNorReadyButHasStarted() throws Exception {
    HealthServer health = HealthServer.start(vertx, "127.0.0.1", 0, () -> "").await();
    Summarizer summarizer = running();
    health.serve(summarizer);

    summarizer.close();

    assertEquals(503, get(health, "/health/live").statusCode());
    assertEquals(503, get(health, "/health/ready").statusCode());
    assertEquals(200, get(health, "/health/startup").statusCode());
  }
}
