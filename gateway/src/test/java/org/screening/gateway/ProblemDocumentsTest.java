package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.Multipart;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class ProblemDocumentsTest {

  private final ApiClient client;

  ProblemDocumentsTest(TestCluster cluster) {
    this.client = cluster.nodeA(TestCluster.KEY_A);
  }

  @Test
  void anUnknownRouteIsA404Problem() throws Exception {
    assertProblem(client.get("/v1/nothing/here"), 404, "/problems/not-found", "/v1/nothing/here");
  }

  @Test
  void aBodyOverTheLimitIsA413Problem() throws Exception {
    byte[] tooBig = new byte[TestCluster.BODY_BYTES + 1];

    assertProblem(client.submit("f", "", "image/png", tooBig), 413, "/problems/payload-too-large",
        "/v1/feeds/f/frames");
  }

  @Test
  void aStreamedBodyThatGrowsOverTheLimitIsA413Problem() throws Exception {
    byte[] tooBig = new byte[TestCluster.BODY_BYTES + 1];

    assertProblem(client.submitChunked("f", "image/png", tooBig), 413, "/problems/payload-too-large",
        "/v1/feeds/f/frames");
  }

  @Test
  void aStreamedMultipartBodyOverTheLimitIsA413Problem() throws Exception {
    Multipart body = new Multipart().file("image/png", new byte[TestCluster.BODY_BYTES]);

    assertProblem(client.submitChunked("f", body.contentType(), body.bytes()), 413,
        "/problems/payload-too-large", "/v1/feeds/f/frames");
  }

  @Test
  void anImageWiderThanTheLimitIsA413Problem() throws Exception {
    byte[] wide = Images.png(TestCluster.MAX_DIMENSION + 1, 1, 1);

    assertProblem(client.submit("f", "", "image/png", wide), 413, "/problems/payload-too-large",
        "/v1/feeds/f/frames");
  }

  @Test
  void anImageTallerThanTheLimitIsA413Problem() throws Exception {
    byte[] tall = Images.png(1, TestCluster.MAX_DIMENSION + 1, 1);

    assertProblem(client.submit("f", "", "image/png", tall), 413, "/problems/payload-too-large",
        "/v1/feeds/f/frames");
  }

  @Test
  void rawPixelsDeclaringDimensionsOverTheLimitAreA413Problem() throws Exception {
    byte[] pixels = new byte[TestCluster.MAX_DIMENSION + 1];

    assertProblem(client.submit("f", "width=" + (TestCluster.MAX_DIMENSION + 1) + "&height=1&channels=1",
        "application/octet-stream", pixels), 413, "/problems/payload-too-large", "/v1/feeds/f/frames");
  }

  @Test
  void aSingleImageOverThePartLimitIsA413Problem() throws Exception {
    byte[] overPart = new byte[TestCluster.PART_BYTES + 1];

    assertProblem(client.submit("f", "", "image/png", overPart), 413, "/problems/payload-too-large",
        "/v1/feeds/f/frames");
  }

  @Test
  void aMultipartImageOverThePartLimitIsA413Problem() throws Exception {
    Multipart body = new Multipart()
        .file("image/png", Images.png(4, 4, 1))
        .file("image/png", new byte[TestCluster.PART_BYTES + 1]);

    assertProblem(client.submit("f", "", body.contentType(), body.bytes()), 413,
        "/problems/payload-too-large", "/v1/feeds/f/frames");
  }

  @Test
  void moreMultipartImagesThanTheLimitIsA413Problem() throws Exception {
    Multipart body = new Multipart();
    for (int i = 0; i <= TestCluster.PARTS; i++) {
      body.file("image/png", Images.png(4, 4, 1));
    }

    assertProblem(client.submit("f", "", body.contentType(), body.bytes()), 413,
        "/problems/payload-too-large", "/v1/feeds/f/frames");
  }

  @Test
  void anUnsupportedMediaTypeIsA415Problem() throws Exception {
    assertProblem(client.submit("f", "", "image/gif", new byte[] {'G', 'I', 'F', '8', '9', 'a'}),
        415, "/problems/unsupported-media-type", "/v1/feeds/f/frames");
  }

  @Test
  void aCorruptImageHeaderIsA400Problem() throws Exception {
    assertProblem(client.submit("f", "", "image/png", Images.corruptPng()), 400,
        "/problems/bad-image", "/v1/feeds/f/frames");
  }

  @Test
  void aJpegDeclaredAsPngIsA400Problem() throws Exception {
    assertProblem(client.submit("f", "", "image/png", Images.jpeg(8, 8)), 400,
        "/problems/bad-image", "/v1/feeds/f/frames");
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type,
      String instance) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonObject problem = new JsonObject(response.body());
    assertEquals(type, problem.getString("type"));
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("title"));
    assertNotNull(problem.getString("detail"));
    assertEquals(instance, problem.getString("instance"));
  }
}
