package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class AdmissionTest {

  private final TestCluster cluster;

  AdmissionTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aFeedAtItsInFlightLimitGets429WithRetryAfterUntilItsResultsArrive() throws Exception {
    String feed = TestCluster.feed("hold");
    ApiClient nodeA = cluster.nodeA(TestCluster.KEY_A);
    for (int i = 0; i < TestCluster.IN_FLIGHT_PER_FEED; i++) {
      nodeA.submitPng(feed);
    }

    // The limit is the cluster's, not node A's.
    HttpResponse<String> refused = submit(cluster.nodeB(TestCluster.KEY_A), feed);
    assertEquals(429, refused.statusCode());
    assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
    JsonObject problem = new JsonObject(refused.body());
    assertEquals("/problems/too-many-requests", problem.getString("type"));
    assertEquals("feed", problem.getString("limit"));
    assertTrue(cluster.nodeB(null).get("/metrics").body()
        .contains("gateway_admission_rejected_total{limit=\"feed\",node=\"b\",tenant=\"tenant-a\"}"));

    cluster.echo().release(feed);
    Eventually.assertThat("the feed accepts frames again once its results are in",
        () -> submit(cluster.nodeB(TestCluster.KEY_A), feed).statusCode() == 202);
  }

  @Test
  void aFrameReportedDroppedStopsCountingAsInFlight() throws Exception {
    String feed = TestCluster.feed("stale");
    ApiClient nodeA = cluster.nodeA(TestCluster.KEY_A);
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < TestCluster.IN_FLIGHT_PER_FEED; i++) {
      frames.add(nodeA.submitPng(feed));
    }
    Eventually.assertThat("every frame is reported dropped", () -> {
      for (String id : frames) {
        if (!complete(nodeA, id)) {
          return false;
        }
      }
      return true;
    });

    Eventually.assertThat("the feed accepts frames again",
        () -> submit(nodeA, feed).statusCode() == 202);
  }

  @Test
  void anApiKeyAtItsStreamLimitGets429UntilOneOfItsStreamsCloses() throws Exception {
    String feed = TestCluster.feed("streams");
    List<SseStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < TestCluster.SUBSCRIPTIONS_PER_KEY; i++) {
        ApiClient node = i % 2 == 0 ? cluster.nodeA(TestCluster.KEY_C) : cluster.nodeB(TestCluster.KEY_C);
        open.add(node.stream(feed, null).awaitSubscribed());
      }
      try (SseStream refused = cluster.nodeA(TestCluster.KEY_C).stream(feed, null)) {
        assertEquals(429, refused.status());
        assertTrue(refused.response().headers().firstValue("Retry-After").isPresent());
        assertEquals("subscriptions", refused.problem().getString("limit"));
      }

      open.remove(0).close();
      Eventually.assertThat("a stream opens again once one has closed", () -> {
        SseStream again = cluster.nodeB(TestCluster.KEY_C).stream(feed, null);
        if (again.status() == 200) {
          open.add(again);
          return true;
        }
        again.close();
        return false;
      });
    } finally {
      open.forEach(SseStream::close);
    }
  }

  private static HttpResponse<String> submit(ApiClient node, String feed) throws Exception {
    return node.submit(feed, "tasks=classify", "image/png", Images.png(16, 16, 3));
  }

  private static boolean complete(ApiClient node, String frameId) throws Exception {
    HttpResponse<String> response = node.get("/v1/frames/" + frameId + "/results");
    return response.statusCode() == 200 && new JsonObject(response.body()).getBoolean("complete");
  }
}
