package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.decode.TestPictures;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.Predictions;

class DeadLetterTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void badInputsReachTheDeadLetterTopicWithTheirReasonAndLaterFramesStillGetResults()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "bad-inputs");
    config.put(WorkerConfig.DECODE_MAX_WIDTH, 100);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    byte[] png = TestPictures.encode(TestPictures.gradient(32, 24), "png");
    Map<DeadLetterReason, ProducerRecord<byte[], byte[]>> bad = new HashMap<>();
    bad.put(DeadLetterReason.UNDECODABLE_MESSAGE,
        TestFrames.record("feed", "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)));
    bad.put(DeadLetterReason.CORRUPT_IMAGE, TestFrames.record(TestFrames.frame("corrupt", "feed",
        2, ImageEncoding.PNG, 32, 24, 3, Arrays.copyOf(png, png.length / 2), Task.CLASSIFY)
        .build()));
    bad.put(DeadLetterReason.UNKNOWN_MODEL, TestFrames.record(TestFrames.png("unknown", "feed", 3,
        Task.CLASSIFY).setModelOverride("medic-cls:9").build()));
    bad.put(DeadLetterReason.SIZE_MISMATCH, TestFrames.record(TestFrames.frame("mismatch", "feed",
        4, ImageEncoding.PNG, 24, 32, 3, png, Task.CLASSIFY).build()));
    bad.put(DeadLetterReason.IMAGE_TOO_LARGE, TestFrames.record(TestFrames.frame("large", "feed",
        5, ImageEncoding.RAW_U8, 101, 1, 1, new byte[101], Task.CLASSIFY).build()));
    bad.put(DeadLetterReason.INVALID_FRAME, TestFrames.record(TestFrames.png("no-task", "feed", 6)
        .build()));
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    List<String> good = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : bad.values()) {
      sent.add(record);
      String id = "good-" + good.size();
      good.add(id);
      sent.add(TestFrames.record(TestFrames.png(id, "feed", 10 + good.size(), Task.CLASSIFY)
          .build()));
    }
    TestKafka.produce(topics.frames(), sent);

    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        TestKafka.readUntil(topics.deadLetters(), read -> read.size() >= bad.size());
    List<ConsumerRecord<byte[], byte[]>> results =
        TestKafka.readUntil(topics.results(), read -> read.size() >= good.size());
    worker.close().await();

    assertEquals(bad.size(), deadLetters.size());
    for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
      DeadLetterReason reason = DeadLetterReason.valueOf(header(letter, DeadLetterHeaders.REASON));
      ProducerRecord<byte[], byte[]> original = bad.get(reason);
      assertArrayEquals(original.value(), letter.value(), reason + ": original bytes");
      assertArrayEquals(original.key(), letter.key(), reason + ": original key");
      assertEquals(topics.frames(), header(letter, DeadLetterHeaders.TOPIC));
      assertEquals("0", header(letter, DeadLetterHeaders.PARTITION));
      assertEquals(sent.indexOf(original), Integer.parseInt(header(letter,
          DeadLetterHeaders.OFFSET)));
      assertTrue(header(letter, DeadLetterHeaders.CAUSE).length() <= 300);
    }
    Set<String> answered = results.stream()
        .map(r -> AvroCodec.results().decode(r.value()).getFrameId())
        .collect(Collectors.toSet());
    assertEquals(Set.copyOf(good), answered);
    assertEquals(bad.size(), worker.metrics().deadLetters());
  }

  @Test
  void poisonFrameIsBisectedToTheDeadLetterTopicAndItsBatchmatesGetResults() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "poison");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 8);
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_QUEUE_DELAY_MICROS), 2_000_000);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), failsOnBlackImages()).await();
    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      frames.add(i == 5
          ? TestFrames.record(TestFrames.frame("poison", "feed", i, ImageEncoding.RAW_U8, 4, 4, 1,
              new byte[16], Task.CLASSIFY).build())
          : TestFrames.record(TestFrames.png("f" + i, "feed", i, Task.CLASSIFY).build()));
    }
    TestKafka.produce(topics.frames(), frames);

    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        TestKafka.readUntil(topics.deadLetters(), read -> !read.isEmpty());
    List<ConsumerRecord<byte[], byte[]>> results =
        TestKafka.readUntil(topics.results(), read -> read.size() >= 7);
    worker.close().await();

    assertEquals(1, deadLetters.size());
    ConsumerRecord<byte[], byte[]> letter = deadLetters.get(0);
    assertEquals("INFERENCE_FAILED", header(letter, DeadLetterHeaders.REASON));
    assertEquals("5", header(letter, DeadLetterHeaders.OFFSET));
    assertArrayEquals(frames.get(5).value(), letter.value());
    List<Result> answered = results.stream()
        .map(r -> AvroCodec.results().decode(r.value())).toList();
    assertEquals(Set.of("f0", "f1", "f2", "f3", "f4", "f6", "f7"),
        answered.stream().map(Result::getFrameId).collect(Collectors.toSet()));
    assertTrue(answered.stream().allMatch(r -> r.getBatch().getBatchId().contains(".")),
        "every result came from a sub-batch of the bisected batch");
  }

  /** A real session that fails whenever its batch holds an all-black image. */
  private static InferenceStep failsOnBlackImages() {
    return (model, images, count) -> {
      int each = images.length / count;
      for (int i = 0; i < count; i++) {
        boolean black = true;
        for (int j = i * each; j < (i + 1) * each && black; j++) {
          black = images[j] == 0;
        }
        if (black) {
          throw new IllegalStateException("kernel fault on an all-black input");
        }
      }
      return Predictions.run(model, images, count);
    };
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
