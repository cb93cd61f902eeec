package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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

  @Test
  void aClientResumingOnANodeThatHasNotYetReadItsLastEventGetsNothingTwice() throws Exception {
    String feed = TestCluster.feed("resume-lag");
    int partition = TestCluster.resultsPartition(feed);
    long next = cluster.resultsEnd(partition);
    ApiClient nodeA = cluster.nodeA(TestCluster.KEY_A);
    // The client's last node had read (and sent it) the feed's next two results, which the node
    // it resumes on has not read yet: a loaded node lags behind another.
    String lastSeen = partition + "-" + (next + 1);
    try (SseStream watcher = nodeA.stream(feed, null).awaitSubscribed();
        SseStream resumed = cluster.nodeB(TestCluster.KEY_A).stream(feed, lastSeen)
            .awaitSubscribed()) {
      String seen1 = nodeA.submitPng(feed);
      String seen2 = nodeA.submitPng(feed);
      SseStream.Event first = watcher.next(WAIT);
      SseStream.Event second = watcher.next(WAIT);
      assertEquals(List.of(seen1, partition + "-" + next, seen2, lastSeen),
          List.of(first.data().getString("frame_id"), first.id(),
              second.data().getString("frame_id"), second.id()),
          "the two results took the positions the client claims to have seen");

      String fresh = nodeA.submitPng(feed);
      assertEquals(fresh, resumed.next(WAIT).data().getString("frame_id"));
    }
  }

  private static boolean hasResults(ApiClient node, String frameId) throws Exception {
    HttpResponse<String> response = node.get("/v1/frames/" + frameId + "/results");
    return response.statusCode() == 200
        && !new JsonObject(response.body()).getJsonArray("results").isEmpty();
  }
}
