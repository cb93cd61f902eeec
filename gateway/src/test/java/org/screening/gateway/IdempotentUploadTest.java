package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class IdempotentUploadTest {

  private final TestCluster cluster;

  IdempotentUploadTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyOnAnotherNodeGetsTheFirstAnswer() throws Exception {
    String feed = TestCluster.feed("idem");
    String key = UUID.randomUUID().toString();
    byte[] png = Images.png(16, 16, 3);
    HttpResponse<String> first = cluster.nodeA(TestCluster.KEY_A).submitOnce(feed, key, png);
    HttpResponse<String> retry = cluster.nodeB(TestCluster.KEY_A).submitOnce(feed, key, png);

    assertEquals(202, first.statusCode(), first.body());
    assertEquals(202, retry.statusCode(), retry.body());
    assertEquals(frameId(first), frameId(retry));
    assertEquals(first.headers().firstValue("Location"), retry.headers().firstValue("Location"));
  }

  @Test
  void theSameIdempotencyKeyFromAnotherTenantIsAnotherUpload() throws Exception {
    String feed = TestCluster.feed("idem-tenants");
    String key = UUID.randomUUID().toString();
    byte[] png = Images.png(16, 16, 3);
    HttpResponse<String> tenantA = cluster.nodeA(TestCluster.KEY_A).submitOnce(feed, key, png);
    HttpResponse<String> tenantB = cluster.nodeA(TestCluster.KEY_B).submitOnce(feed, key, png);

    assertEquals(202, tenantB.statusCode(), tenantB.body());
    assertNotEquals(frameId(tenantA), frameId(tenantB));
  }

  @Test
  void anIdempotencyKeyReusedForADifferentUploadIsRefused() throws Exception {
    String feed = TestCluster.feed("idem-reuse");
    String key = UUID.randomUUID().toString();
    assertEquals(202, cluster.nodeA(TestCluster.KEY_A).submitOnce(feed, key, Images.png(16, 16, 3))
        .statusCode());

    HttpResponse<String> other = cluster.nodeA(TestCluster.KEY_A).submitOnce(feed, key,
        Images.png(24, 24, 3));

    assertEquals(422, other.statusCode(), other.body());
  }

  @Test
  void aMalformedIdempotencyKeyIsRefused() throws Exception {
    HttpResponse<String> response = cluster.nodeA(TestCluster.KEY_A).submitOnce(
        TestCluster.feed("idem-bad"), "not a key, it has spaces", Images.png(16, 16, 3));

    assertEquals(400, response.statusCode(), response.body());
    assertEquals("application/problem+json",
        response.headers().firstValue("Content-Type").orElse(""));
  }

  static String frameId(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonArray("frames").getJsonObject(0)
        .getString("frame_id");
  }
}
