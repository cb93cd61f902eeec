package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** A feed name or media type a caller made up: no answer may repeat it. */
  private static final String CALLERS_WORDS = "patient-jane-doe-1961";

  private final ApiClient client;

  ProblemDocumentsTest(TestCluster cluster) {
    this.client = cluster.nodeA(TestCluster.KEY_A);
  }

  @Test
  void anUnknownRouteIsA404Problem() throws Exception {
    assertProblem(client.get("/v1/nothing/here"), 404, "/problems/not-found");
  }

  @Test
  void anUnknownRouteEchoesNoPartOfItsPath() throws Exception {
    HttpResponse<String> answer = client.get("/v1/feeds/" + CALLERS_WORDS + "/nothing");

    assertProblem(answer, 404, "/problems/not-found");
    assertFalse(answer.body().contains(CALLERS_WORDS), answer.body());
  }

  @Test
  void aMethodNotAllowedEchoesNoPartOfItsPathOrMethod() throws Exception {
    HttpResponse<String> answer = client.send("SECRETMETHOD", "/v1/feeds/" + CALLERS_WORDS + "/frames");
    HttpResponse<String> delete = client.send("DELETE", "/v1/feeds/" + CALLERS_WORDS + "/frames");

    assertProblem(delete, 405, "/problems/method-not-allowed");
    assertFalse(delete.body().contains(CALLERS_WORDS), delete.body());
    assertFalse(answer.body().contains(CALLERS_WORDS) || answer.body().contains("SECRETMETHOD"),
        answer.body());
  }

  @Test
  void anUnsupportedMediaTypeIsNotEchoed() throws Exception {
    HttpResponse<String> answer = client.submit("f", "", "image/" + CALLERS_WORDS, new byte[] {1});

    assertProblem(answer, 415, "/problems/unsupported-media-type");
    assertFalse(answer.body().contains(CALLERS_WORDS), answer.body());
  }

  @Test
  void aBodyOverTheLimitIsA413Problem() throws Exception {
    byte[] tooBig = new byte[TestCluster.BODY_BYTES + 1];

    assertProblem(client.submit("f", "", "image/png", tooBig), 413, "/problems/payload-too-large");
  }

  @Test
  void aStreamedBodyThatGrowsOverTheLimitIsA413Problem() throws Exception {
    byte[] tooBig = new byte[TestCluster.BODY_BYTES + 1];

    assertProblem(client.submitChunked("f", "image/png", tooBig), 413, "/problems/payload-too-large");
  }

  @Test
  void aStreamedMultipartBodyOverTheLimitIsA413Problem() throws Exception {
    Multipart body = new Multipart().file("image/png", new byte[TestCluster.BODY_BYTES]);

    assertProblem(client.submitChunked("f", body.contentType(), body.bytes()), 413,
        "/problems/payload-too-large");
  }

  @Test
  void anImageWiderThanTheLimitIsA413Problem() throws Exception {
    byte[] wide = Images.png(TestCluster.MAX_DIMENSION + 1, 1, 1);

    assertProblem(client.submit("f", "", "image/png", wide), 413, "/problems/payload-too-large");
  }

  @Test
  void anImageTallerThanTheLimitIsA413Problem() throws Exception {
    byte[] tall = Images.png(1, TestCluster.MAX_DIMENSION + 1, 1);

    assertProblem(client.submit("f", "", "image/png", tall), 413, "/problems/payload-too-large");
  }

  @Test
  void rawPixelsDeclaringDimensionsOverTheLimitAreA413Problem() throws Exception {
    byte[] pixels = new byte[TestCluster.MAX_DIMENSION + 1];

    assertProblem(client.submit("f", "width=" + (TestCluster.MAX_DIMENSION + 1) + "&height=1&channels=1",
        "application/octet-stream", pixels), 413, "/problems/payload-too-large");
  }

  @Test
  void aSingleImageOverThePartLimitIsA413Problem() throws Exception {
    byte[] overPart = new byte[TestCluster.PART_BYTES + 1];

    assertProblem(client.submit("f", "", "image/png", overPart), 413, "/problems/payload-too-large");
  }

  @Test
  void aMultipartImageOverThePartLimitIsA413Problem() throws Exception {
    Multipart body = new Multipart()
        .file("image/png", Images.png(4, 4, 1))
        .file("image/png", new byte[TestCluster.PART_BYTES + 1]);

    assertProblem(client.submit("f", "", body.contentType(), body.bytes()), 413,
        "/problems/payload-too-large");
  }

  @Test
  void moreMultipartImagesThanTheLimitIsA413Problem() throws Exception {
    Multipart body = new Multipart();
    for (int i = 0; i <= TestCluster.PARTS; i++) {
      body.file("image/png", Images.png(4, 4, 1));
    }

    assertProblem(client.submit("f", "", body.contentType(), body.bytes()), 413,
        "/problems/payload-too-large");
  }

  @Test
  void anUnsupportedMediaTypeIsA415Problem() throws Exception {
    assertProblem(client.submit("f", "", "image/gif", new byte[] {'G', 'I', 'F', '8', '9', 'a'}),
        415, "/problems/unsupported-media-type");
  }

  @Test
  void aCorruptImageHeaderIsA400Problem() throws Exception {
    assertProblem(client.submit("f", "", "image/png", Images.corruptPng()), 400,
        "/problems/bad-image");
  }

  @Test
  void aJpegDeclaredAsPngIsA400Problem() throws Exception {
    assertProblem(client.submit("f", "", "image/png", Images.jpeg(8, 8)), 400,
        "/problems/bad-image");
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonObject problem = new JsonObject(response.body());
    assertEquals(type, problem.getString("type"));
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("title"));
    assertNotNull(problem.getString("detail"));
    assertFalse(problem.containsKey("instance"), "the path is the caller's: " + problem);
  }
}
