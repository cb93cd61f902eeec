package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.Predictions;

/** Every frame ends: a result, a dead letter, or a restart that redelivers it; never a stall. */
class StreamFailureTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void deadLettersOverTheTopicsSizeLimitAreStoredAsStubsAndThePartitionKeepsMoving()
      throws Exception {
    // The README's topic commands leave the dead-letter topic at the broker's default limit,
    // while a dead letter carries its frame: here 4 KiB against frames of 8 KB.
    TestKafka.Topics topics = TestKafka.topics(1, Map.of("max.message.bytes", "4096"));
    Map<String, Object> config = TestWorkers.classifier(topics, "oversized-dead-letters");
    config.put(WorkerConfig.QUEUE_HIGH_WATER, 4);
    config.put(WorkerConfig.QUEUE_LOW_WATER, 1);
    config.put(WorkerConfig.QUEUE_MAX_SIZE, 8);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "max.poll.records", 2);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // 8000 bytes where a 32x24 RGB raw image needs 2304: SIZE_MISMATCH, dead-lettered whole.
      sent.add(TestFrames.record(TestFrames.frame("big-" + i, "feed", i, ImageEncoding.RAW_U8,
          32, 24, 3, new byte[8000], Task.CLASSIFY).build()));
    }
    for (int i = 0; i < 3; i++) {
      sent.add(TestFrames.record(TestFrames.png("good-" + i, "feed", 10 + i, Task.CLASSIFY)
          .build()));
    }
    TestKafka.produce(topics.frames(), sent);

    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        TestKafka.readUntil(topics.deadLetters(), read -> read.size() >= 6);
    List<ConsumerRecord<byte[], byte[]>> results =
        TestKafka.readUntil(topics.results(), read -> read.size() >= 3);
    TestKafka.await("every offset committed",
        () -> TestKafka.committed("oversized-dead-letters", topics.frames()) == sent.size());
    worker.close().await();

    assertEquals(6, deadLetters.size());
    // A refused batch is split and sent again, so the stubs need not keep the frames' order.
    Map<Integer, ConsumerRecord<byte[], byte[]>> byOffset = deadLetters.stream().collect(
        Collectors.toMap(r -> Integer.parseInt(header(r, DeadLetterHeaders.OFFSET)), r -> r));
    assertEquals(Set.of(0, 1, 2, 3, 4, 5), byOffset.keySet());
    for (int i = 0; i < 6; i++) {
      ConsumerRecord<byte[], byte[]> letter = byOffset.get(i);
      assertEquals("SIZE_MISMATCH", header(letter, DeadLetterHeaders.REASON));
      assertEquals(topics.frames(), header(letter, DeadLetterHeaders.TOPIC));
      assertEquals("0", header(letter, DeadLetterHeaders.PARTITION));
      assertEquals(String.valueOf(sent.get(i).value().length),
          header(letter, DeadLetterHeaders.ORIGINAL_SIZE));
      assertArrayEquals(sent.get(i).key(), letter.key());
      Frame stub = AvroCodec.frames().decode(letter.value());
      assertEquals("big-" + i, stub.getFrameId(), "the stub keeps the frame's metadata");
      assertEquals(0, stub.getPixels().remaining(), "and drops its pixels");
    }
    assertEquals(Set.of("good-0", "good-1", "good-2"), results.stream()
        .map(r -> AvroCodec.results().decode(r.value()).getFrameId())
        .collect(Collectors.toSet()));
  }

  @Test
  void deadLetterRefusedEvenAsAStubRestartsTheStreamAndLeavesTheFrameUncommitted()
      throws Exception {
    // Smaller than any record: nothing fits, not even a stub.
    TestKafka.Topics topics = TestKafka.topics(1, Map.of("max.message.bytes", "64"));
    Map<String, Object> config = TestWorkers.classifier(topics, "refused-dead-letter");
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    TestKafka.produce(topics.frames(), List.of(TestFrames.record(TestFrames.png("no-task",
        "feed", 0).build())));

    TestKafka.await("two restarts", () -> worker.health().restarts() >= 2);
    StreamHealth health = worker.health();
    long committed = TestKafka.committed("refused-dead-letter", topics.frames());
    worker.close().await();

    assertTrue(health.lastFailure().contains("RecordTooLargeException"), health.lastFailure());
    assertTrue(committed <= 0, "the frame stays uncommitted: " + committed);
    assertEquals(StreamHealth.State.CLOSED, worker.health().state());
  }

  @Test
  void anErrorWhilePreparingAFrameRestartsTheStreamAndTheFrameIsRedelivered() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "error-while-preparing");
    AtomicBoolean failed = new AtomicBoolean();
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), new SimpleMeterRegistry(),
        InferenceStep.SESSION, preparation -> value -> {
          if (failed.compareAndSet(false, true)) {
            throw new OutOfMemoryError("injected while decoding");
          }
          return preparation.prepare(value);
        }).await();
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(TestFrames.record(TestFrames.png("f" + i, "feed", i, Task.CLASSIFY).build()));
    }
    TestKafka.produce(topics.frames(), sent);

    List<ConsumerRecord<byte[], byte[]>> results = TestKafka.readUntil(topics.results(),
        read -> frameIds(read).size() >= 3);
    TestKafka.await("restarted", () -> worker.health().state() == StreamHealth.State.RUNNING);
    StreamHealth health = worker.health();
    worker.close().await();

    assertEquals(Set.of("f0", "f1", "f2"), frameIds(results));
    assertEquals(1, health.restarts());
    assertNotNull(health.lastFailure());
    assertTrue(health.lastFailure().contains("OutOfMemoryError"), health.lastFailure());
    assertEquals(0, worker.metrics().deadLetters());
  }

  @Test
  void healthGivesTheAgeOfTheOldestUnfinishedFrameOfEachPartition() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "oldest-unfinished");
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean();
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), (model, images, count) -> {
      holding.set(true);
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return Predictions.run(model, images, count);
    }).await();
    TopicPartition partition = new TopicPartition(topics.frames(), 0);
    TestKafka.produce(topics.frames(),
        List.of(TestFrames.record(TestFrames.png("held", "feed", 0, Task.CLASSIFY).build())));

    try {
      TestKafka.await("the frame held in its session", holding::get);
      assertTrue(worker.health().oldestUnfinished().containsKey(partition),
          worker.health().toString());
      assertTrue(worker.health().ready(), "a busy worker is still ready");
    } finally {
      release.countDown();
    }
    TestKafka.await("the frame finished",
        () -> !worker.health().oldestUnfinished().containsKey(partition));
    worker.close().await();
    assertTrue(!worker.health().ready());
    assertEquals(StreamHealth.State.CLOSED, worker.health().state());
  }

  private static Set<String> frameIds(List<ConsumerRecord<byte[], byte[]>> results) {
    return results.stream().map(r -> AvroCodec.results().decode(r.value()).getFrameId())
        .collect(Collectors.toSet());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
