package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.TestCluster;

/**
 * Viewer sign-in: an API key posted once becomes a short-lived HttpOnly, SameSite=Strict session
 * cookie that the API accepts in the key's place, with the key's tenant.
 */
@ExtendWith(GatewayClusterExtension.class)
class ViewerSessionTest {

  private final TestCluster cluster;

  ViewerSessionTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void signingInSetsAShortLivedHttpOnlyStrictCookie() throws Exception {
    HttpResponse<String> signedIn = cluster.nodeA(null).signIn(TestCluster.KEY_A);

    assertEquals(200, signedIn.statusCode(), signedIn.body());
    assertEquals("tenant-a", new JsonObject(signedIn.body()).getString("tenant"));
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("screening_session="), setCookie);
    // Attribute names are case-insensitive (Netty writes "HTTPOnly").
    for (String attribute : List.of("httponly", "samesite=strict", "max-age=900", "path=/")) {
      assertTrue(setCookie.toLowerCase(Locale.ROOT).contains(attribute),
          attribute + " in " + setCookie);
    }
    assertFalse(setCookie.contains(TestCluster.KEY_A));
    assertFalse(signedIn.body().contains(TestCluster.KEY_A));
  }

  @Test
  void theSessionCookieActsForTheKeysTenantOnAnyNode() throws Exception {
    ApiClient owner = cluster.nodeA(TestCluster.KEY_A);
    String feed = TestCluster.feed("session");
    String frameId = owner.submitPng(feed);
    Eventually.assertThat("the frame has a result", () ->
        owner.get("/v1/frames/" + frameId + "/results").body().contains("CLASSIFY"));
    String cookie = cookie(cluster.nodeA(null).signIn(TestCluster.KEY_A));

    HttpResponse<String> results =
        cluster.nodeB(null).sendWithCookie("GET", "/v1/frames/" + frameId + "/results", cookie);
    assertEquals(200, results.statusCode(), results.body());
    HttpResponse<String> feeds = cluster.nodeB(null).sendWithCookie("GET", "/v1/feeds", cookie);
    assertTrue(feedIds(feeds).contains(feed));
  }

  @Test
  void aSessionCookieSeesNoOtherTenantsFrames() throws Exception {
    ApiClient owner = cluster.nodeA(TestCluster.KEY_B);
    String frameId = owner.submitPng(TestCluster.feed("session-b"));
    Eventually.assertThat("the frame has a result", () ->
        owner.get("/v1/frames/" + frameId + "/results").body().contains("CLASSIFY"));
    String cookie = cookie(cluster.nodeA(null).signIn(TestCluster.KEY_A));

    HttpResponse<String> foreign =
        cluster.nodeA(null).sendWithCookie("GET", "/v1/frames/" + frameId + "/results", cookie);
    assertEquals(404, foreign.statusCode());
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    String cookie = cookie(cluster.nodeA(null).signIn(TestCluster.KEY_A));

    HttpResponse<String> signedOut =
        cluster.nodeB(null).sendWithCookie("DELETE", "/v1/session", cookie);
    assertEquals(204, signedOut.statusCode());
    assertTrue(signedOut.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    assertEquals(401, cluster.nodeA(null).sendWithCookie("GET", "/v1/feeds", cookie).statusCode());
  }

  @Test
  void anUnknownKeyGetsNoSession() throws Exception {
    HttpResponse<String> refused = cluster.nodeA(null).signIn("not-a-key");

    assertEquals(401, refused.statusCode());
    assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
    assertFalse(refused.body().contains("not-a-key"));
  }

  @Test
  void aSignInPostedAsAFormIsRefused() throws Exception {
    // What a form on another site could send: text/plain carrying JSON.
    HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            cluster.nodeA(null).uri("/v1/session"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"api_key\": \"" + TestCluster.KEY_A + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(415, refused.statusCode());
    assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
  }

  @Test
  void theFeedListHoldsOnlyTheTenantsOwnFeeds() throws Exception {
    String mine = TestCluster.feed("listed");
    String theirs = TestCluster.feed("listed");
    ApiClient a = cluster.nodeA(TestCluster.KEY_A);
    ApiClient b = cluster.nodeA(TestCluster.KEY_B);
    String frameA = a.submitPng(mine);
    String frameB = b.submitPng(theirs);
    Eventually.assertThat("both frames have results", () ->
        a.get("/v1/frames/" + frameA + "/results").body().contains("CLASSIFY")
            && b.get("/v1/frames/" + frameB + "/results").body().contains("CLASSIFY"));

    HttpResponse<String> feeds = a.get("/v1/feeds");
    assertTrue(feedIds(feeds).contains(mine));
    assertFalse(feedIds(feeds).contains(theirs));
  }

  private static String cookie(HttpResponse<String> signedIn) {
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static List<String> feedIds(HttpResponse<String> feeds) {
    JsonArray list = new JsonObject(feeds.body()).getJsonArray("feeds");
    return list.stream().map(f -> ((JsonObject) f).getString("feed_id")).toList();
  }
}
