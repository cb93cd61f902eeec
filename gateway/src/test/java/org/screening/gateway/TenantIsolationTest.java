package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;
import org.screening.gateway.support.WsStream;

@ExtendWith(GatewayClusterExtension.class)
class TenantIsolationTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  TenantIsolationTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aTenantCannotReadAnotherTenantsFrameResults() throws Exception {
    String frameId = cluster.nodeA(TestCluster.KEY_A).submitPng(TestCluster.feed("private"));

    HttpResponse<String> asB = cluster.nodeB(TestCluster.KEY_B).get("/v1/frames/" + frameId + "/results");
    assertEquals(404, asB.statusCode());
    assertEquals("/problems/not-found", new JsonObject(asB.body()).getString("type"));
    assertEquals(200, cluster.nodeB(TestCluster.KEY_A).get("/v1/frames/" + frameId + "/results").statusCode());
  }

  @Test
  void framesAreSubmittedToTheCallersTenantsFeed() throws Exception {
    String feed = TestCluster.feed("shared-name");
    String ofA = cluster.nodeA(TestCluster.KEY_A).submitPng(feed);
    String ofB = cluster.nodeA(TestCluster.KEY_B).submitPng(feed);

    assertEquals("tenant-a", cluster.echo().frame(ofA).getTenant());
    assertEquals("tenant-b", cluster.echo().frame(ofB).getTenant());
  }

  @Test
  void anSseStreamCarriesOnlyItsTenantsResultsOfAFeedName() throws Exception {
    String feed = TestCluster.feed("shared-name");
    try (SseStream streamOfB = cluster.nodeA(TestCluster.KEY_B).stream(feed, null).awaitSubscribed();
        SseStream streamOfA = cluster.nodeB(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      String ofA = cluster.nodeA(TestCluster.KEY_A).submitPng(feed);
      assertEquals(ofA, streamOfA.next(WAIT).data().getString("frame_id"));
      String ofB = cluster.nodeA(TestCluster.KEY_B).submitPng(feed);

      // Both results share the feed's partition, so A's came first: B's stream skipped it.
      assertEquals(ofB, streamOfB.next(WAIT).data().getString("frame_id"));
    }
  }

  @Test
  void aWebSocketStreamCarriesOnlyItsTenantsResultsOfAFeedName() throws Exception {
    String feed = TestCluster.feed("shared-name");
    try (WsStream streamOfB = cluster.nodeA(TestCluster.KEY_B).webSocket(feed).awaitSubscribed();
        WsStream streamOfA = cluster.nodeB(TestCluster.KEY_A).webSocket(feed).awaitSubscribed()) {
      String ofA = cluster.nodeA(TestCluster.KEY_A).submitPng(feed);
      assertEquals(ofA, streamOfA.next(WAIT).getJsonObject("result").getString("frame_id"));
      String ofB = cluster.nodeA(TestCluster.KEY_B).submitPng(feed);

      assertEquals(ofB, streamOfB.next(WAIT).getJsonObject("result").getString("frame_id"));
    }
  }

  @Test
  void aWebSocketUpgradeOnTheStreamRouteCarriesOnlyItsTenantsResults() throws Exception {
    String feed = TestCluster.feed("shared-name");
    try (WsStream streamOfB = cluster.nodeA(TestCluster.KEY_B)
        .webSocketAt("/v1/feeds/" + feed + "/results").awaitSubscribed()) {
      cluster.nodeB(TestCluster.KEY_A).submitPng(feed);
      String ofB = cluster.nodeB(TestCluster.KEY_B).submitPng(feed);

      assertEquals(ofB, streamOfB.next(WAIT).getJsonObject("result").getString("frame_id"));
    }
  }

  @Test
  void aStreamResumedWithLastEventIdReplaysOnlyItsTenantsResults() throws Exception {
    String feed = TestCluster.feed("shared-name");
    ApiClient tenantB = cluster.nodeB(TestCluster.KEY_B);
    String lastSeenByB;
    try (SseStream stream = tenantB.stream(feed, null).awaitSubscribed()) {
      tenantB.submitPng(feed);
      lastSeenByB = stream.next(WAIT).id();
    }
    String ofA = cluster.nodeA(TestCluster.KEY_A).submitPng(feed);
    Eventually.assertThat("node B holds tenant A's result", () -> !new JsonObject(
        cluster.nodeB(TestCluster.KEY_A).get("/v1/frames/" + ofA + "/results").body())
        .getJsonArray("results", new JsonArray()).isEmpty());

    try (SseStream resumed = tenantB.stream(feed, lastSeenByB).awaitSubscribed()) {
      String ofB = tenantB.submitPng(feed);

      // A missed result would be replayed before any live one.
      assertEquals(ofB, resumed.next(WAIT).data().getString("frame_id"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-known-key"})
  void everyApiRouteRefusesACallWithoutAKnownKey(String key) throws Exception {
    ApiClient anonymous = cluster.nodeA(key.isEmpty() ? null : key);

    assertUnauthorized(anonymous.submit("f", "", "image/png", Images.png(8, 8, 3)));
    assertUnauthorized(anonymous.get("/v1/frames/00000000-0000-0000-0000-000000000000/results"));
    try (SseStream stream = anonymous.stream("f", null)) {
      assertEquals(401, stream.status());
      assertEquals("/problems/unauthorized", stream.problem().getString("type"));
    }
    CompletionException refused = assertThrows(CompletionException.class, () -> anonymous.webSocket("f"));
    assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
  }

  @Test
  void aKeyMayAlsoComeAsAnXApiKeyHeader() throws Exception {
    String frameId = cluster.nodeA(TestCluster.KEY_A).submitPng(TestCluster.feed("header"));

    assertEquals(200, cluster.nodeA(TestCluster.KEY_A)
        .getWithApiKeyHeader("/v1/frames/" + frameId + "/results").statusCode());
  }

  @Test
  void aReadOnlyKeyCannotSubmitFrames() throws Exception {
    HttpResponse<String> response = cluster.nodeA(TestCluster.KEY_A_VIEWER)
        .submit(TestCluster.feed("viewer"), "", "image/png", Images.png(8, 8, 3));

    assertEquals(403, response.statusCode());
    assertEquals("/problems/forbidden", new JsonObject(response.body()).getString("type"));
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertEquals(401, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
    JsonObject problem = new JsonObject(response.body());
    assertEquals("/problems/unauthorized", problem.getString("type"));
    assertEquals(401, problem.getInteger("status"));
  }
}
