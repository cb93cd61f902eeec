package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.TestCluster;

/** {@code GET /v1/frames/{id}/image}: a frame's pixels, read back from the frames topic. */
@ExtendWith(GatewayClusterExtension.class)
class FrameImageTest {

  private final TestCluster cluster;

  FrameImageTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aPngFrameComesBackAsTheBytesSent() throws Exception {
    ApiClient client = cluster.nodeA(TestCluster.KEY_A);
    byte[] png = Images.png(20, 10, 3);
    String frameId = submitted(client, TestCluster.feed("image"), "image/png", "", png);

    HttpResponse<byte[]> image = imageOnceLocated(cluster.nodeB(TestCluster.KEY_A), frameId);
    assertEquals("image/png", image.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(png, image.body());
  }

  @Test
  void aJpegFrameComesBackAsJpeg() throws Exception {
    ApiClient client = cluster.nodeA(TestCluster.KEY_A);
    byte[] jpeg = Images.jpeg(16, 16);
    String frameId = submitted(client, TestCluster.feed("image-jpeg"), "image/jpeg", "", jpeg);

    HttpResponse<byte[]> image = imageOnceLocated(client, frameId);
    assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(jpeg, image.body());
  }

  @Test
  void rawPixelsComeBackAsAPngOfTheSamePixels() throws Exception {
    ApiClient client = cluster.nodeA(TestCluster.KEY_A);
    int width = 3;
    int height = 2;
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 13);
    }
    String frameId = submitted(client, TestCluster.feed("image-raw"), "application/octet-stream",
        "width=3&height=2&channels=3&", rgb);

    HttpResponse<byte[]> image = imageOnceLocated(client, frameId);
    assertEquals("image/png", image.headers().firstValue("Content-Type").orElseThrow());
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        int expected = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF;
        assertEquals(expected, decoded.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void anotherTenantsFrameImageIsTheSameNotFoundAsAnUnknownFrame() throws Exception {
    ApiClient owner = cluster.nodeA(TestCluster.KEY_A);
    String frameId = submitted(owner, TestCluster.feed("image-tenant"), "image/png", "",
        Images.png(8, 8, 3));
    imageOnceLocated(owner, frameId);

    ApiClient other = cluster.nodeA(TestCluster.KEY_B);
    HttpResponse<String> foreign = other.get("/v1/frames/" + frameId + "/image");
    HttpResponse<String> unknown =
        other.get("/v1/frames/0f0f0f0f-0000-0000-0000-000000000000/image");
    assertEquals(404, foreign.statusCode());
    assertEquals(unknown.body(), foreign.body());
    assertFalse(foreign.body().contains(frameId));
  }

  @Test
  void aFrameRemovedByRetentionIsGone() throws Exception {
    ApiClient client = cluster.nodeA(TestCluster.KEY_A);
    String feed = TestCluster.feed("image-gone");
    String frameId = submitted(client, feed, "image/png", "", Images.png(8, 8, 3));
    Eventually.assertThat("a result locates the frame", () ->
        client.get("/v1/frames/" + frameId + "/results").body().contains("frame_ref"));
    JsonObject ref = new JsonObject(client.get("/v1/frames/" + frameId + "/results").body())
        .getJsonArray("results").getJsonObject(0).getJsonObject("frame_ref");
    // What retention does to an old segment: the log now starts after the frame.
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      admin.deleteRecords(Map.of(
          new TopicPartition(ref.getString("topic"), ref.getInteger("partition")),
          RecordsToDelete.beforeOffset(ref.getLong("offset") + 1))).all().get();
    }

    HttpResponse<String> gone = client.get("/v1/frames/" + frameId + "/image");
    assertEquals(410, gone.statusCode());
    assertEquals("/problems/gone", new JsonObject(gone.body()).getString("type"));
  }

  private static String submitted(ApiClient client, String feed, String contentType, String query,
      byte[] body) throws Exception {
    HttpResponse<String> accepted =
        client.submit(feed, query + "tasks=classify", contentType, body);
    assertEquals(202, accepted.statusCode(), accepted.body());
    return new JsonObject(accepted.body()).getJsonArray("frames").getJsonObject(0)
        .getString("frame_id");
  }

  /** The frame's image, once a result has said where the frame lies. */
  private static HttpResponse<byte[]> imageOnceLocated(ApiClient client, String frameId)
      throws Exception {
    @SuppressWarnings("unchecked")
    HttpResponse<byte[]>[] image = new HttpResponse[1];
    Eventually.assertThat("the image is served", () -> {
      image[0] = client.getBytes("/v1/frames/" + frameId + "/image");
      return image[0].statusCode() == 200;
    });
    return image[0];
  }
}
