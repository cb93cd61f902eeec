package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.Multipart;
import org.screening.gateway.support.TestCluster;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

@ExtendWith(GatewayClusterExtension.class)
class SubmissionTest {

  private final TestCluster cluster;
  private final ApiClient client;

  SubmissionTest(TestCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.nodeA(TestCluster.KEY_A);
  }

  @Test
  void aMultipartRequestBecomesOneFramePerImageInConsecutiveSequence() throws Exception {
    Multipart body = new Multipart()
        .file("image/png", Images.png(20, 10, 3))
        .file("image/jpeg", Images.jpeg(32, 16))
        .file("application/octet-stream", Images.png(8, 8, 1));

    HttpResponse<String> response = client.submit(TestCluster.feed("multi"), "", body.contentType(), body.bytes());

    assertEquals(202, response.statusCode(), response.body());
    JsonArray accepted = new JsonObject(response.body()).getJsonArray("frames");
    assertEquals(3, accepted.size());
    Frame png = frame(accepted, 0);
    Frame jpeg = frame(accepted, 1);
    Frame grey = frame(accepted, 2);
    assertEquals(List.of(ImageEncoding.PNG, 20, 10, 3),
        List.of(png.getEncoding(), png.getWidth(), png.getHeight(), png.getChannels()));
    assertEquals(List.of(ImageEncoding.JPEG, 32, 16, 3),
        List.of(jpeg.getEncoding(), jpeg.getWidth(), jpeg.getHeight(), jpeg.getChannels()));
    assertEquals(List.of(ImageEncoding.PNG, 8, 8, 1),
        List.of(grey.getEncoding(), grey.getWidth(), grey.getHeight(), grey.getChannels()));
    assertEquals(png.getSequence() + 1, jpeg.getSequence());
    assertEquals(jpeg.getSequence() + 1, grey.getSequence());
  }

  @Test
  void rawPixelsBecomeARawFrameOfTheGivenShape() throws Exception {
    HttpResponse<String> response = client.submit(TestCluster.feed("raw"),
        "width=4&height=2&channels=3", "application/octet-stream", new byte[4 * 2 * 3]);

    assertEquals(202, response.statusCode(), response.body());
    Frame frame = frame(new JsonObject(response.body()).getJsonArray("frames"), 0);
    assertEquals(List.of(ImageEncoding.RAW_U8, 4, 2, 3),
        List.of(frame.getEncoding(), frame.getWidth(), frame.getHeight(), frame.getChannels()));
  }

  @Test
  void submissionOptionsAreCarriedIntoTheFrame() throws Exception {
    HttpResponse<String> response = client.submit(TestCluster.feed("options"),
        "tasks=segment&qos=live&modality=endoscopy_frame&model=medic-seg:1&deadline=2030-01-01T00:00:00Z",
        "image/png", Images.png(8, 8, 3));

    assertEquals(202, response.statusCode(), response.body());
    Frame frame = frame(new JsonObject(response.body()).getJsonArray("frames"), 0);
    assertEquals(List.of(Task.SEGMENT), frame.getTasks());
    assertEquals(QosClass.LIVE, frame.getQos());
    assertEquals(Modality.ENDOSCOPY_FRAME, frame.getModality());
    assertEquals("medic-seg:1", frame.getModelOverride());
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), frame.getDeadline());
  }

  @Test
  void aSubmissionAskingToExplainMakesFramesThatAsk() throws Exception {
    HttpResponse<String> response = client.submit(TestCluster.feed("explain"),
        "tasks=classify&explain=true", "image/png", Images.png(8, 8, 3));

    assertEquals(202, response.statusCode(), response.body());
    assertTrue(frame(new JsonObject(response.body()).getJsonArray("frames"), 0).getExplain());
  }

  @Test
  void anExplainValueOtherThanTrueOrFalseIsRefusedWithAProblemDocument() throws Exception {
    HttpResponse<String> response = client.submit(TestCluster.feed("explain-bad"),
        "tasks=classify&explain=yes", "image/png", Images.png(8, 8, 3));

    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/problem+json"), response.headers().toString());
    assertTrue(new JsonObject(response.body()).getString("detail")
        .contains("explain must be true or false"), response.body());
  }

  @Test
  void aFramesResultsAreCompleteOnceEveryRequestedTaskHasOne() throws Exception {
    HttpResponse<String> accepted = client.submit(TestCluster.feed("both"), "", "image/png",
        Images.png(16, 16, 3));
    String location = accepted.headers().firstValue("Location").orElseThrow();

    JsonObject[] answer = new JsonObject[1];
    Eventually.assertThat("both results arrive", () -> {
      answer[0] = new JsonObject(cluster.nodeB(TestCluster.KEY_A).get(location).body());
      return answer[0].getBoolean("complete");
    });

    JsonArray results = answer[0].getJsonArray("results");
    assertEquals(2, results.size());
    JsonObject classified = result(results, "CLASSIFY");
    JsonObject segmented = result(results, "SEGMENT");
    assertNotNull(classified.getJsonObject("classification"));
    assertNull(classified.getJsonObject("segmentation"));
    BufferedImage mask = ImageIO.read(new ByteArrayInputStream(
        Base64.getDecoder().decode(segmented.getJsonObject("segmentation").getString("mask_png"))));
    assertEquals(16, mask.getWidth(), "masks come at the frame's size");
  }

  private Frame frame(JsonArray accepted, int index) throws Exception {
    return cluster.echo().frame(accepted.getJsonObject(index).getString("frame_id"));
  }

  private static JsonObject result(JsonArray results, String task) {
    return results.stream().map(JsonObject.class::cast)
        .filter(r -> task.equals(r.getString("task"))).findFirst().orElseThrow();
  }
}
