package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    Map<String, Result> byKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Result result = AvroCodec.results().decode(record.value());
      assertEquals(result.getFeedId(), new String(record.key(), StandardCharsets.UTF_8));
      byKey.put(result.getResultKey(), result);
    }
    Set<String> expected = Set.of("f-png", "f-jpeg", "f-raw").stream()
        .flatMap(id -> Set.of(ResultKeys.of(id, "medic-cls", "1"),
            ResultKeys.of(id, "medic-seg", "1")).stream())
        .collect(Collectors.toSet());
    assertEquals(expected, byKey.keySet());
    byKey.values().forEach(result -> checkAudit(result, worker.id()));
    checkClassification(byKey.get(ResultKeys.of("f-jpeg", "medic-cls", "1")));
    checkSegmentation(byKey.get(ResultKeys.of("f-raw", "medic-seg", "1")));
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

  private static void checkSegmentation(Result result) throws Exception {
    assertNull(result.getClassification());
    assertEquals(128, result.getSegmentation().getWidth());
    ByteBuffer png = result.getSegmentation().getMaskPng();
    byte[] bytes = new byte[png.remaining()];
    png.duplicate().get(bytes);
    BufferedImage mask = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(mask);
    assertEquals(128, mask.getHeight());
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
