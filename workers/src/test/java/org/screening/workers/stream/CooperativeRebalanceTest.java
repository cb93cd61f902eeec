package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;

/**
 * Scaling a pool up moves only the partitions that change owner: the frames the first worker
 * holds on the partitions it keeps stay in flight, rather than being revoked and consumed again
 * as under eager rebalancing, which stops every partition of every member.
 */
class CooperativeRebalanceTest {

  private static final int PARTITIONS = 4;
  private static final int FRAMES_PER_PARTITION = 2;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void aJoiningWorkerTakesOnlyTheMovedPartitionsAndTheFramesOnTheOthersAreNotConsumedAgain()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(PARTITIONS);
    CountDownLatch release = new CountDownLatch(1);
    InferenceStep held = (model, images, count) -> {
      try {
        release.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return InferenceStep.SESSION.run(model, images, count);
    };
    Worker first = Worker.start(vertx,
        WorkerConfig.of(TestWorkers.classifier(topics, "cooperative")), held).await();
    TestKafka.await("the first worker's partitions",
        () -> first.metrics().assignedPartitions() == PARTITIONS);
    List<ProducerRecord<byte[], byte[]>> frames = framesOnEveryPartition();
    TestKafka.produce(topics.frames(), frames);
    TestKafka.await("every frame held by the first worker",
        () -> first.metrics().inFlight() == frames.size());

    Worker second = Worker.start(vertx,
        WorkerConfig.of(TestWorkers.classifier(topics, "cooperative")), held).await();
    TestKafka.await("the partitions shared out", () -> first.metrics().assignedPartitions()
        == PARTITIONS / 2 && second.metrics().assignedPartitions() == PARTITIONS / 2);
    release.countDown();
    awaitEverythingCommitted(topics.frames());

    // The moved partitions' frames are consumed again by their new owner (nothing of them was
    // committed); the kept partitions' frames only once.
    assertEquals(frames.size(), first.metrics().consumed(),
        "the first worker consumed nothing twice");
    assertEquals(PARTITIONS / 2 * FRAMES_PER_PARTITION, second.metrics().consumed());
    second.close().await();
    first.close().await();
  }

  /** Two frames on each partition, by the key the default partitioner hashes. */
  private static List<ProducerRecord<byte[], byte[]>> framesOnEveryPartition() {
    Map<Integer, Integer> perPartition = new HashMap<>();
    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    for (int feed = 0; frames.size() < PARTITIONS * FRAMES_PER_PARTITION; feed++) {
      String key = "feed-" + feed;
      int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
          % PARTITIONS;
      if (perPartition.merge(partition, 1, Integer::sum) <= FRAMES_PER_PARTITION) {
        frames.add(TestFrames.record(TestFrames.png("c" + feed, key, 1, Task.CLASSIFY).build()));
      }
    }
    return frames;
  }

  /** Until the group's committed offsets reach the end of every partition. */
  private static void awaitEverythingCommitted(String topic) throws InterruptedException {
    try (Admin admin = TestKafka.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      TestKafka.await("every frame committed", () -> {
        try {
          Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet()
              .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
          Map<TopicPartition, OffsetAndMetadata> committed = admin
              .listConsumerGroupOffsets("cooperative").partitionsToOffsetAndMetadata().get();
          return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
              && committed.get(e.getKey()).offset() == e.getValue());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }
}
