package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;

class BackPressureTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void slowModelPausesPartitionsWithoutLosingGroupMembershipOrFrames() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Map<String, Object> config = TestWorkers.classifier(topics, "slow");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 2);
    config.put(WorkerConfig.QUEUE_HIGH_WATER, 4);
    config.put(WorkerConfig.QUEUE_LOW_WATER, 1);
    config.put(WorkerConfig.QUEUE_MAX_SIZE, 8);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "max.poll.records", 2);
    // Far shorter than the backlog takes: a member that stopped polling would be evicted.
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "max.poll.interval.ms", 2000);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), SlowSession.by(300)).await();
    TestKafka.await("assignment", () -> worker.metrics().assignedPartitions() == 2);
    String member = member("slow");

    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      frames.add(TestFrames.record(
          TestFrames.png("f" + i, "feed-" + i % 2, i, Task.CLASSIFY).build()));
    }
    TestKafka.produce(topics.frames(), frames);
    int mostPaused = 0;
    int mostInFlight = 0;
    while (worker.metrics().results() < 24) {
      WorkerMetrics m = worker.metrics();
      mostPaused = Math.max(mostPaused, m.pausedPartitions());
      mostInFlight = Math.max(mostInFlight, m.inFlight());
      Thread.sleep(10);
    }
    assertEquals(member, member("slow"));
    WorkerMetrics end = worker.metrics();
    worker.close().await();

    assertEquals(2, mostPaused, "both partitions were paused");
    assertTrue(mostInFlight <= 8, "frames in memory stayed within queue.maxSize: " + mostInFlight);
    assertEquals(1, end.rebalances(), "no rebalance after the first assignment");
    assertTrue(end.pauses() >= 1);
    List<Result> results = TestKafka.readUntil(topics.results(), read -> read.size() >= 24)
        .stream().map(r -> AvroCodec.results().decode(r.value())).toList();
    assertEquals(24, results.size(), "every frame once: nothing lost, nothing redelivered");
    assertEquals(24, results.stream().map(Result::getFrameId).distinct().count());
  }

  private static String member(String group) throws Exception {
    try (Admin admin = TestKafka.admin()) {
      List<MemberDescription> members = List.copyOf(admin.describeConsumerGroups(List.of(group))
          .all().get().get(group).members());
      assertEquals(1, members.size());
      return members.get(0).consumerId();
    }
  }
}
