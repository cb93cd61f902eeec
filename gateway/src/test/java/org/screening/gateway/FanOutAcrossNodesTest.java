package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;
import org.screening.gateway.support.WsStream;

@ExtendWith(GatewayClusterExtension.class)
class FanOutAcrossNodesTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  FanOutAcrossNodesTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void sseSubscriberOnOneNodeReceivesTheResultOfAFrameSubmittedToTheOther() throws Exception {
    String feed = TestCluster.feed("fanout");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      String frameId = cluster.nodeB(TestCluster.KEY_A).submitPng(feed);

      SseStream.Event event = stream.next(WAIT);
      assertEquals("result", event.type());
      assertEquals(frameId, event.data().getString("frame_id"));
      assertEquals(feed, event.data().getString("feed_id"));
      assertEquals("CLASSIFY", event.data().getString("task"));
      assertEquals("malignant", event.data().getJsonObject("classification").getString("top1_label"));
    }
  }

  @Test
  void webSocketSubscriberOnOneNodeReceivesTheResultOfAFrameSubmittedToTheOther() throws Exception {
    String feed = TestCluster.feed("fanout-ws");
    // An upgrade on the SSE path itself; TenantIsolationTest uses the .../ws path.
    try (WsStream stream = cluster.nodeB(TestCluster.KEY_A)
        .webSocketAt("/v1/feeds/" + feed + "/results").awaitSubscribed()) {
      String frameId = cluster.nodeA(TestCluster.KEY_A).submitPng(feed);

      JsonObject message = stream.next(WAIT);
      assertEquals("result", message.getString("type"));
      assertEquals(frameId, message.getJsonObject("result").getString("frame_id"));
    }
  }
}
