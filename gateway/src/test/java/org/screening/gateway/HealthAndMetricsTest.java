package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class HealthAndMetricsTest {

  private final TestCluster cluster;

  HealthAndMetricsTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void healthAnswersWithoutAKeyAndReportsClusterAndKafka() throws Exception {
    ApiClient anonymous = cluster.nodeB(null);

    assertEquals(200, anonymous.get("/health/live").statusCode());
    assertEquals(200, anonymous.get("/health/startup").statusCode());
    HttpResponse<String> ready = anonymous.get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject checks = new JsonObject(ready.body()).getJsonObject("checks");
    assertEquals("UP", checks.getString("cluster"));
    assertEquals("UP", checks.getString("kafka"));
  }

  @Test
  void metricsExposeRequestsInFlightFramesDeliveriesSubscribersReplaysAndMembers()
      throws Exception {
    String feed = TestCluster.feed("metrics");
    ApiClient client = cluster.nodeA(TestCluster.KEY_A);
    try (SseStream stream = client.stream(feed, null).awaitSubscribed()) {
      client.submitPng(feed);
      client.submitPng(feed);
      SseStream.Event first = stream.next(java.time.Duration.ofSeconds(15));
      stream.next(java.time.Duration.ofSeconds(15));
      try (SseStream resumed = client.stream(feed, first.id())) {
        resumed.next(java.time.Duration.ofSeconds(15));
      }

      HttpResponse<String> metrics = cluster.nodeA(null).get("/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
      for (String line : List.of(
          "gateway_http_requests_total{method=\"POST\",node=\"a\",route=\"submit-frames\",status=\"202\"}",
          "gateway_inflight_frames{node=\"a\"}",
          "gateway_frames_accepted_total{node=\"a\"}",
          "gateway_results_received_total{node=\"a\"}",
          "gateway_results_duplicates_dropped_total{node=\"a\"}",
          "gateway_results_delivered_total{node=\"a\",transport=\"sse\"}",
          "gateway_subscribers{node=\"a\",transport=\"sse\"}",
          "gateway_results_replayed_total{node=\"a\",transport=\"sse\"} 1.0",
          "gateway_cluster_members{node=\"a\"} 2.0")) {
        assertTrue(metrics.body().contains(line), () -> "missing " + line + " in\n" + metrics.body());
      }
    }
  }
}
