package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.Summaries;
import org.screening.gateway.support.TestCluster;
import org.screening.gateway.support.WsStream;

/** Case summaries, written to screening.summaries.v1 as the summaries role writes them. */
@ExtendWith(GatewayClusterExtension.class)
class SummaryTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String TENANT_A = "tenant-a";

  private final TestCluster cluster;

  SummaryTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void anSseSubscriberOfTheFeedReceivesItsSummaryAsASummaryEvent() throws Exception {
    String feed = TestCluster.feed("summary-sse");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 12, 0.75f));

      SseStream.Event event = stream.next(WAIT);
      assertEquals("summary", event.type());
      assertNull(event.id(), "a notice must not move the client's resume position");
      assertEquals(feed, event.data().getString("feed_id"));
      assertEquals("SLIDE", event.data().getString("kind"));
      assertEquals(12, event.data().getLong("frames_screened"));
      JsonObject slide = event.data().getJsonObject("slide");
      assertEquals(0.75f, slide.getFloat("score"));
      assertEquals(256, slide.getJsonArray("top_tiles").getJsonObject(0).getInteger("x"));
      assertEquals(Base64.getEncoder().encodeToString(Images.png(2, 1, 1)),
          slide.getString("heatmap_png"));
      assertEquals("1970-01-01T00:00:01Z",
          event.data().getJsonObject("timings").getString("first_capture_time"));
      assertNull(event.data().getJsonObject("procedure"));
    }
  }

  @Test
  void aWebSocketSubscriberOfTheFeedReceivesItsSummary() throws Exception {
    String feed = TestCluster.feed("summary-ws");
    try (WsStream stream = cluster.nodeB(TestCluster.KEY_A).webSocket(feed).awaitSubscribed()) {
      Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 3, 0.5f));

      JsonObject message = stream.next(WAIT);
      assertEquals("summary", message.getString("type"));
      assertEquals(feed, message.getJsonObject("summary").getString("feed_id"));
    }
  }

  @Test
  void theFeedsNewestSummaryIsServedByEveryNode() throws Exception {
    String feed = TestCluster.feed("summary-get");
    Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 5, 0.25f),
        Summaries.slide(TENANT_A, feed, 7, 0.5f));

    for (ApiClient node : new ApiClient[] {
        cluster.nodeA(TestCluster.KEY_A), cluster.nodeB(TestCluster.KEY_A)}) {
      Eventually.assertThat("the newest summary is served", () ->
          summary(node, feed).statusCode() == 200
              && new JsonObject(summary(node, feed).body()).getLong("frames_screened") == 7);
      HttpResponse<String> answer = summary(node, feed);
      assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(0.5f, new JsonObject(answer.body()).getJsonObject("slide").getFloat("score"));
    }
  }

  @Test
  void anotherTenantsFeedIsAnsweredExactlyLikeAnUnknownFeed() throws Exception {
    String feed = TestCluster.feed("summary-tenant");
    Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 4, 0.9f));
    Eventually.assertThat("tenant A sees its summary",
        () -> summary(cluster.nodeA(TestCluster.KEY_A), feed).statusCode() == 200);

    HttpResponse<String> otherTenant = summary(cluster.nodeA(TestCluster.KEY_B), feed);
    String unknownFeed = TestCluster.feed("summary-unknown");
    HttpResponse<String> unknown = summary(cluster.nodeA(TestCluster.KEY_B), unknownFeed);

    assertEquals(404, otherTenant.statusCode());
    assertEquals(404, unknown.statusCode());
    assertEquals(unknown.body(), otherTenant.body());
    assertEquals("application/problem+json",
        otherTenant.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("/problems/not-found", new JsonObject(otherTenant.body()).getString("type"));
    assertFalse(otherTenant.body().contains(feed), otherTenant.body());
    assertFalse(unknown.body().contains(unknownFeed), unknown.body());
  }

  @Test
  void aNodeStartedAfterTheSummaryServesItWithoutAnnouncingItAgain() throws Exception {
    String feed = TestCluster.feed("summary-late");
    Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 2, 0.1f));
    Eventually.assertThat("the summary is on the topic",
        () -> summary(cluster.nodeA(TestCluster.KEY_A), feed).statusCode() == 200);

    GatewayNode late = GatewayNode.start(cluster.config().with(ConfigKeys.NODE_ID, "late-summary")
        .with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort())).await(60, TimeUnit.SECONDS);
    try {
      ApiClient nodeC = new ApiClient(late.port(), TestCluster.KEY_A);
      try (SseStream stream = nodeC.stream(feed, null).awaitSubscribed()) {
        Eventually.assertThat("the late node serves the summary written before it started",
            () -> summary(nodeC, feed).statusCode() == 200);
        Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 9, 0.2f));

        assertEquals(9, stream.next(WAIT).data().getLong("frames_screened"),
            "the first event is the new summary, not the one from before the node started");
      }
    } finally {
      late.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSummaryWhoseTransactionWasAbortedReachesNoSubscriber() throws Exception {
    String feed = TestCluster.feed("summary-aborted");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      Summaries.writeAborted(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 1, 0.3f));
      Summaries.write(cluster.bootstrapServers(), Summaries.slide(TENANT_A, feed, 8, 0.4f));

      assertEquals(8, stream.next(WAIT).data().getLong("frames_screened"));
    }
  }

  private static HttpResponse<String> summary(ApiClient node, String feed) throws Exception {
    return node.get("/v1/feeds/" + feed + "/summary");
  }
}
