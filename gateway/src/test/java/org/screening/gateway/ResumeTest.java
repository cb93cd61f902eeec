package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class ResumeTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  ResumeTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void anSseClientResumingWithLastEventIdGetsWhatItMissedThenLiveResults() throws Exception {
    String feed = TestCluster.feed("resume");
    ApiClient nodeA = cluster.nodeA(TestCluster.KEY_A);
    ApiClient nodeB = cluster.nodeB(TestCluster.KEY_A);
    String lastSeen;
    try (SseStream stream = nodeA.stream(feed, null).awaitSubscribed()) {
      nodeA.submitPng(feed);
      lastSeen = stream.next(WAIT).id();
    }
    String missed1 = nodeA.submitPng(feed);
    String missed2 = nodeA.submitPng(feed);
    Eventually.assertThat("node B has read both missed results",
        () -> hasResults(nodeB, missed1) && hasResults(nodeB, missed2));

    // Event ids are results-topic offsets, the same on every node: resume on the other one.
    try (SseStream resumed = nodeB.stream(feed, lastSeen).awaitSubscribed()) {
      assertEquals(missed1, resumed.next(WAIT).data().getString("frame_id"));
      assertEquals(missed2, resumed.next(WAIT).data().getString("frame_id"));
      String live = nodeA.submitPng(feed);
      assertEquals(live, resumed.next(WAIT).data().getString("frame_id"));
    }
  }

  private static boolean hasResults(ApiClient node, String frameId) throws Exception {
    HttpResponse<String> response = node.get("/v1/frames/" + frameId + "/results");
    return response.statusCode() == 200
        && !new JsonObject(response.body()).getJsonArray("results").isEmpty();
  }
}
