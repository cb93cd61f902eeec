package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.ResultKeys;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.decode.TestPictures;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.involution.InvolutionLibrary;
import org.screening.workers.training.TinyModels;

class WorkerEndToEndTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void framesOfEveryEncodingAreClassifiedAndSegmentedByRealSessions() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Worker worker = Worker.start(vertx, WorkerConfig.of(TestWorkers.both(topics, "e2e")))
        .await();
    BufferedImage picture = TestPictures.gradient(40, 30);
    byte[] rgb = new byte[40 * 30 * 3];
    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.frame("f-png", "scope-1", 1, ImageEncoding.PNG, 40, 30, 3,
            TestPictures.encode(picture, "png"), Task.CLASSIFY, Task.SEGMENT).build()),
        TestFrames.record(TestFrames.frame("f-jpeg", "scope-2", 1, ImageEncoding.JPEG, 40, 30, 3,
            TestPictures.encode(picture, "jpeg"), Task.CLASSIFY, Task.SEGMENT).build()),
        TestFrames.record(TestFrames.frame("f-raw", "scope-1", 2, ImageEncoding.RAW_U8, 40, 30,
            3, rgb, Task.CLASSIFY, Task.SEGMENT).build())));

    List<ConsumerRecord<byte[], byte[]>> records =
        TestKafka.readUntil(topics.results(), read -> read.size() >= 6);
    worker.close().await();

    Map<String, FrameRef> frameRecords = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> frame :
        TestKafka.readUntil(topics.frames(), read -> read.size() >= 3)) {
      frameRecords.put(AvroCodec.frames().decode(frame.value()).getFrameId(), FrameRef
          .newBuilder().setTopic(frame.topic()).setPartition(frame.partition())
          .setOffset(frame.offset()).build());
    }
    Map<String, Result> byKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Result result = AvroCodec.results().decode(record.value());
      assertEquals(result.getFeedId(), new String(record.key(), StandardCharsets.UTF_8));
      assertEquals(frameRecords.get(result.getFrameId()), result.getFrameRef());
      checkUncertainty(result);
      byKey.put(result.getResultKey(), result);
    }
    Set<String> expected = Set.of("f-png", "f-jpeg", "f-raw").stream()
        .flatMap(id -> Set.of(ResultKeys.of(id, "medic-cls", "1"),
            ResultKeys.of(id, "medic-seg", "1")).stream())
        .collect(Collectors.toSet());
    assertEquals(expected, byKey.keySet());
    byKey.values().forEach(result -> checkAudit(result, worker.id()));
    checkClassification(byKey.get(ResultKeys.of("f-jpeg", "medic-cls", "1")));
    for (String id : List.of("f-png", "f-jpeg", "f-raw")) {
      checkSegmentationAtFrameSize(byKey.get(ResultKeys.of(id, "medic-seg", "1")), 40, 30);
    }
  }

  @Test
  void reviewThresholdConfiguredForAModelDecidesWhetherItsResultsNeedReview() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "review");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_REVIEW_THRESHOLD), 1.0);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    TestKafka.produce(topics.frames(),
        List.of(TestFrames.record(TestFrames.png("r", "feed-r", 1, Task.CLASSIFY).build())));
    List<ConsumerRecord<byte[], byte[]>> records =
        TestKafka.readUntil(topics.results(), read -> !read.isEmpty());
    worker.close().await();

    Result result = AvroCodec.results().decode(records.get(0).value());
    // The untrained model is unsure enough for the default threshold (0.5) to flag it.
    assertTrue(result.getUncertainty() > 0.5f, "uncertainty " + result.getUncertainty());
    assertFalse(result.getNeedsReview());
  }

  @Test
  void aModelConfiguredToEstimateUncertaintyByFlipsSaysSoInItsResults() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "flips");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_UNCERTAINTY), "flips");
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    TestKafka.produce(topics.frames(),
        List.of(TestFrames.record(TestFrames.png("t", "feed-t", 1, Task.CLASSIFY).build())));
    List<ConsumerRecord<byte[], byte[]>> records =
        TestKafka.readUntil(topics.results(), read -> !read.isEmpty());
    worker.close().await();

    Result result = AvroCodec.results().decode(records.get(0).value());
    assertEquals("flips", result.getUncertaintyMethod());
    checkClassification(result);
    checkUncertainty(result);
  }

  @Test
  void aFrameAskingToExplainGetsAGradCamHeatMapAndAKernelMapAtItsOwnSize() throws Exception {
    Result result = classifiedAlone(TestFrames.png("x", "feed-x", 1, Task.CLASSIFY)
        .setExplain(true).build());

    ByteBuffer png = result.getClassification().getExplanationPng();
    assertNotNull(png, "explanation of " + result.getResultKey());
    byte[] bytes = new byte[png.remaining()];
    png.duplicate().get(bytes);
    BufferedImage heatMap = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(heatMap);
    // The frame is 32x24; the model saw 28x28 and Grad-CAM's grid is its last conv map's 7x7.
    assertEquals(List.of(32, 24), List.of(heatMap.getWidth(), heatMap.getHeight()));
    ByteBuffer kernels = result.getInvolutionKernelPng();
    assertNotNull(kernels, "kernel map of " + result.getResultKey());
    BufferedImage kernelMap = ImageIO.read(new ByteArrayInputStream(kernels.array(),
        kernels.arrayOffset() + kernels.position(), kernels.remaining()));
    assertEquals(List.of(32, 24), List.of(kernelMap.getWidth(), kernelMap.getHeight()));
  }

  @Test
  void aFrameNotAskingToExplainGetsNoHeatMapNorKernelMap() throws Exception {
    Result result = classifiedAlone(TestFrames.png("n", "feed-n", 1, Task.CLASSIFY).build());

    assertNotNull(result.getClassification());
    assertNull(result.getClassification().getExplanationPng());
    assertNull(result.getInvolutionKernelPng());
  }

  @Test
  void closingCommitsEveryFinishedFrame() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Worker worker = Worker.start(vertx, WorkerConfig.of(TestWorkers.classifier(topics, "commit")))
        .await();
    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("a", "feed-a", 1, Task.CLASSIFY).build()),
        TestFrames.record(TestFrames.png("b", "feed-b", 1, Task.CLASSIFY).build()),
        TestFrames.record(TestFrames.png("c", "feed-c", 1, Task.CLASSIFY).build())));
    TestKafka.readUntil(topics.results(), read -> read.size() >= 3);
    worker.close().await();

    try (Admin admin = TestKafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("commit").partitionsToOffsetAndMetadata().get();
      long total = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      assertEquals(3, total, "committed " + committed);
    }
    assertEquals(3, worker.metrics().results());
    assertEquals(0, worker.metrics().inFlight());
  }

  /** The result of one frame sent to a worker serving the tiny classifier. */
  private Result classifiedAlone(Frame frame) throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Worker worker = Worker.start(vertx, WorkerConfig.of(TestWorkers.classifier(topics,
        "explain-" + frame.getFrameId()))).await();
    TestKafka.produce(topics.frames(), List.of(TestFrames.record(frame)));
    List<ConsumerRecord<byte[], byte[]>> records =
        TestKafka.readUntil(topics.results(), read -> !read.isEmpty());
    worker.close().await();
    return AvroCodec.results().decode(records.get(0).value());
  }

  private static void checkAudit(Result result, String workerId) {
    ModelInfo info = modelInfo(result.getModel().getName());
    assertEquals(info.weightsSha256(), result.getModel().getSha256());
    assertEquals(InvolutionLibrary.load().sha256(), result.getModel().getOpLibrarySha256());
    assertEquals(workerId, result.getWorkerId());
    assertTrue(result.getBatch().getBatchSize() >= 1);
    assertTrue(result.getBatch().getBatchId().startsWith(workerId + "/"));
    assertTrue(result.getTimings().getInferenceMs() > 0);
    assertTrue(result.getTimings().getQueueMs() >= result.getTimings().getDecodeMs());
    assertTrue(result.getTimings().getEndToEndMs() >= result.getTimings().getQueueMs());
  }

  private static void checkClassification(Result result) {
    assertNull(result.getSegmentation());
    assertEquals(TinyModels.LABELS, result.getClassification().getLabels());
    double sum = result.getClassification().getProbabilities().stream()
        .mapToDouble(Float::doubleValue).sum();
    assertEquals(1.0, sum, 1e-4);
    assertTrue(result.getClassification().getEntropy() <= Math.log(2) + 1e-6);
  }

  /** The model (128x128) saw the frame resized; its mask comes back at the frame's size. */
  private static void checkSegmentationAtFrameSize(Result result, int width, int height)
      throws Exception {
    assertNull(result.getClassification());
    assertEquals(List.of(width, height),
        List.of(result.getSegmentation().getWidth(), result.getSegmentation().getHeight()));
    ByteBuffer png = result.getSegmentation().getMaskPng();
    byte[] bytes = new byte[png.remaining()];
    png.duplicate().get(bytes);
    BufferedImage mask = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(mask);
    assertEquals(List.of(width, height), List.of(mask.getWidth(), mask.getHeight()));
  }

  /** Default review threshold, 0.5. */
  private static void checkUncertainty(Result result) {
    assertNotNull(result.getUncertainty(), result.getResultKey());
    float uncertainty = result.getUncertainty();
    assertTrue(uncertainty >= 0 && uncertainty <= 1, result.getResultKey() + ": " + uncertainty);
    assertEquals(uncertainty > 0.5f, result.getNeedsReview(), result.getResultKey());
  }

  private static ModelInfo modelInfo(String name) {
    try {
      return ModelInfo.read(name.equals("medic-cls") ? TinyModels.classifier()
          : TinyModels.segmenter());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
