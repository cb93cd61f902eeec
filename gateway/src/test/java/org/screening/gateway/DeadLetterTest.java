package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;
import org.screening.gateway.support.WsStream;

/** Frames the (echo) worker sends to the dead-letter topic: dlq-* feeds. */
@ExtendWith(GatewayClusterExtension.class)
class DeadLetterTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  DeadLetterTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void anSseSubscriberIsToldOfAFrameThatWasDeadLettered() throws Exception {
    String feed = TestCluster.feed("dlq");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      String frameId = cluster.nodeB(TestCluster.KEY_A).submitPng(feed);

      SseStream.Event event = stream.next(WAIT);
      assertEquals("dead_letter", event.type());
      assertNull(event.id(), "a notice must not move the client's resume position");
      assertEquals(frameId, event.data().getString("frame_id"));
      assertEquals("CORRUPT_IMAGE", event.data().getString("reason"));
      assertFalse(event.data().containsKey("pixels"));
    }
  }

  @Test
  void aWebSocketSubscriberIsToldOfAFrameThatWasDeadLettered() throws Exception {
    String feed = TestCluster.feed("dlq-ws");
    try (WsStream stream = cluster.nodeB(TestCluster.KEY_A).webSocket(feed).awaitSubscribed()) {
      String frameId = cluster.nodeA(TestCluster.KEY_A).submitPng(feed);

      JsonObject message = stream.next(WAIT);
      assertEquals("dead_letter", message.getString("type"));
      assertEquals(frameId, message.getJsonObject("dead_letter").getString("frame_id"));
    }
  }

  @Test
  void theLookupOfADeadLetteredFrameCompletesWithItsReason() throws Exception {
    String feed = TestCluster.feed("dlq-lookup");
    ApiClient node = cluster.nodeA(TestCluster.KEY_A);
    String frameId = node.submitPng(feed);

    Eventually.assertThat("the lookup completes", () -> lookup(node, frameId).getBoolean("complete"));
    JsonObject answer = lookup(node, frameId);
    assertEquals("CORRUPT_IMAGE", answer.getJsonObject("dead_letter").getString("reason"));
    assertTrue(answer.getJsonArray("results").isEmpty());
  }

  @Test
  void aDeadLetteredFrameGivesItsInFlightSlotBackAtOnce() throws Exception {
    String feed = TestCluster.feed("dlq-slots");
    ApiClient node = cluster.nodeA(TestCluster.KEY_A);
    // Twice the feed's limit: the later frames find slots only if the earlier ones' came back
    // when they were dead-lettered, long before the in-flight timeout (60 s, more than
    // Eventually's patience) would free them.
    for (int i = 0; i < 2 * TestCluster.IN_FLIGHT_PER_FEED; i++) {
      Eventually.assertThat("frame " + i + " is admitted", () ->
          node.submit(feed, "tasks=classify", "image/png", Images.png(16, 16, 3)).statusCode() == 202);
    }
  }

  private static JsonObject lookup(ApiClient node, String frameId) throws Exception {
    HttpResponse<String> response = node.get("/v1/frames/" + frameId + "/results");
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }
}
