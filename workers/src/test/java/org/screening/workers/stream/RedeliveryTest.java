package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.ResultKeys;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;

class RedeliveryTest {

  private static final int FRAMES = 16;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void framesOfAWorkerStoppedWithoutCommittingAreRedeliveredUnderTheSameResultKeys()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Map<String, Object> first = TestWorkers.classifier(topics, "redelivery");
    first.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 2);
    first.put(WorkerConfig.KAFKA_COMMIT_INTERVAL_MS, 600_000);
    Worker crashing = Worker.start(vertx, WorkerConfig.of(first), SlowSession.by(200)).await();
    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      frames.add(TestFrames.record(
          TestFrames.png("f" + i, "feed-" + i % 4, i, Task.CLASSIFY).build()));
    }
    TestKafka.produce(topics.frames(), frames);
    TestKafka.await("first results", () -> crashing.metrics().results() >= 4);
    crashing.abandon().await();
    long answeredBeforeTheCrash = crashing.metrics().results();
    assertTrue(answeredBeforeTheCrash < FRAMES, "stopped mid-stream");

    Worker successor = Worker.start(vertx,
        WorkerConfig.of(TestWorkers.classifier(topics, "redelivery"))).await();
    List<Result> results = TestKafka.readUntil(topics.results(),
        read -> frameIds(decode(read)).size() == FRAMES).stream()
        .map(r -> AvroCodec.results().decode(r.value())).toList();
    successor.close().await();

    Set<String> expectedKeys = frames.stream()
        .map(f -> ResultKeys.of(AvroCodec.frames().decode(f.value()).getFrameId(), "medic-cls",
            "1"))
        .collect(Collectors.toSet());
    assertEquals(expectedKeys, results.stream().map(Result::getResultKey)
        .collect(Collectors.toSet()), "no frame lost");
    Map<String, Set<String>> workersByKey = results.stream().collect(Collectors.groupingBy(
        Result::getResultKey, Collectors.mapping(Result::getWorkerId, Collectors.toSet())));
    long answeredTwice = workersByKey.values().stream().filter(w -> w.size() == 2).count();
    assertTrue(answeredTwice >= answeredBeforeTheCrash,
        "nothing was committed, so every frame answered before the crash came again ("
            + answeredTwice + " of " + answeredBeforeTheCrash + ")");
    assertEquals(FRAMES, successor.metrics().consumed());
  }

  @Test
  void workerJoiningMidStreamTakesPartitionsOverAndNoFrameIsLost() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Map<String, Object> config = TestWorkers.classifier(topics, "rebalance");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 2);
    // Eight batches of 300 ms: still busy when the second worker has joined.
    Worker first = Worker.start(vertx, WorkerConfig.of(config), SlowSession.by(300)).await();
    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      frames.add(TestFrames.record(
          TestFrames.png("f" + i, "feed-" + i % 4, i, Task.CLASSIFY).build()));
    }
    TestKafka.produce(topics.frames(), frames);
    TestKafka.await("first results", () -> first.metrics().results() >= 2);
    Worker second = Worker.start(vertx,
        WorkerConfig.of(TestWorkers.classifier(topics, "rebalance"))).await();

    List<Result> results = TestKafka.readUntil(topics.results(),
        read -> frameIds(decode(read)).size() == FRAMES).stream()
        .map(r -> AvroCodec.results().decode(r.value())).toList();
    WorkerMetrics firstEnd = first.metrics();
    WorkerMetrics secondEnd = second.metrics();
    first.close().await();
    second.close().await();

    assertEquals(FRAMES, frameIds(results).size(), "no frame lost");
    assertEquals(1, firstEnd.assignedPartitions(), "the partitions were shared");
    assertEquals(1, secondEnd.assignedPartitions());
    assertTrue(firstEnd.rebalances() >= 2, "the first worker saw the rebalance");
    assertTrue(secondEnd.results() > 0, "the newcomer did some of the work");
  }

  private static List<Result> decode(
      List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> AvroCodec.results().decode(r.value())).toList();
  }

  private static Set<String> frameIds(List<Result> results) {
    return results.stream().map(Result::getFrameId).collect(Collectors.toSet());
  }
}
