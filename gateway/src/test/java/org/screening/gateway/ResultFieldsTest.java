package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.EchoWorker;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;
import org.screening.gateway.support.WsStream;
import org.screening.schemas.Topics;

/** Result events carry where their frame lies, the model's uncertainty and the review flag. */
@ExtendWith(GatewayClusterExtension.class)
class ResultFieldsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  ResultFieldsTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void anSseResultNamesItsFramesPositionOnTheFramesTopic() throws Exception {
    String feed = TestCluster.feed("fields");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      String frameId = cluster.nodeB(TestCluster.KEY_A).submitPng(feed);

      JsonObject result = stream.next(WAIT).data();
      JsonObject ref = result.getJsonObject("frame_ref");
      assertEquals(Topics.FRAMES, ref.getString("topic"));
      assertEquals(cluster.echo().frame(frameId).getFeedId(), feed);
      assertTrue(ref.getInteger("partition") >= 0);
      assertTrue(ref.getLong("offset") >= 0);
      assertEquals(EchoWorker.CERTAIN, result.getFloat("uncertainty"));
      assertEquals("entropy", result.getString("uncertainty_method"));
      assertFalse(result.getBoolean("needs_review"));
    }
  }

  @Test
  void anSseResultOfAFrameAskingToExplainCarriesItsHeatMapAndKernelMapAsBase64Pngs()
      throws Exception {
    String feed = TestCluster.feed("explained");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      HttpResponse<String> response = cluster.nodeB(TestCluster.KEY_A).submit(feed,
          "tasks=classify&explain=true", "image/png", Images.png(16, 12, 3));
      assertEquals(202, response.statusCode(), response.body());

      JsonObject result = stream.next(WAIT).data();
      String png = result.getJsonObject("classification").getString("explanation_png");
      assertNotNull(png, result.encode());
      BufferedImage heatMap =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
      assertEquals(List.of(16, 12), List.of(heatMap.getWidth(), heatMap.getHeight()));
      BufferedImage kernelMap = ImageIO.read(new ByteArrayInputStream(
          Base64.getDecoder().decode(result.getString("involution_kernel_png"))));
      assertEquals(List.of(16, 12), List.of(kernelMap.getWidth(), kernelMap.getHeight()));
    }
  }

  @Test
  void anUncertainResultIsMarkedForReviewOverWebSocket() throws Exception {
    String feed = TestCluster.feed("review");
    try (WsStream stream = cluster.nodeB(TestCluster.KEY_A).webSocket(feed).awaitSubscribed()) {
      cluster.nodeA(TestCluster.KEY_A).submitPng(feed);

      JsonObject result = stream.next(WAIT).getJsonObject("result");
      assertEquals(EchoWorker.UNCERTAIN, result.getFloat("uncertainty"));
      assertTrue(result.getBoolean("needs_review"));
    }
  }
}
