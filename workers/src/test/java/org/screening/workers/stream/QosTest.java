package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.ResultFactory;

class QosTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void liveFramesLeftBehindAreReportedAsDroppedAndTheLatestWins() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "live");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 1);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), SlowSession.by(300)).await();
    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      frames.add(TestFrames.record(TestFrames.png("live-" + i, "endoscope", i, Task.CLASSIFY)
          .setQos(QosClass.LIVE).build()));
    }
    TestKafka.produce(topics.frames(), frames);

    List<Result> results = TestKafka.readUntil(topics.results(), read -> read.size() >= 10)
        .stream().map(r -> AvroCodec.results().decode(r.value())).toList();
    WorkerMetrics end = worker.metrics();
    worker.close().await();

    assertEquals(10, results.size(), "every frame answered once, run or reported as dropped");
    List<Result> dropped = results.stream()
        .filter(r -> ResultFactory.DROPPED_STALE.equals(r.getAttributes().get("outcome")))
        .toList();
    assertTrue(dropped.size() >= 5, dropped.size() + " dropped");
    assertEquals(dropped.size(), end.dropped());
    for (Result r : dropped) {
      assertNull(r.getClassification());
      String by = r.getAttributes().get(ResultFactory.SUPERSEDED_BY);
      assertTrue(Integer.parseInt(by.substring(5)) > r.getSequence(), by + " is newer");
    }
    Set<String> run = results.stream().filter(r -> r.getClassification() != null)
        .map(Result::getFrameId).collect(Collectors.toSet());
    assertTrue(run.contains("live-10"), "the latest frame is run: " + run);
  }

  @Test
  void liveFramePastItsDeadlineIsReportedAsDroppedNotRun() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Worker worker = Worker.start(vertx, WorkerConfig.of(TestWorkers.classifier(topics, "late")))
        .await();
    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("late", "endoscope", 1, Task.CLASSIFY)
            .setQos(QosClass.LIVE).setDeadline(Instant.now().minusSeconds(1)).build()),
        TestFrames.record(TestFrames.png("slide", "scanner", 1, Task.CLASSIFY)
            .setDeadline(Instant.now().minusSeconds(1)).build())));

    Map<String, Result> results = TestKafka.readUntil(topics.results(), read -> read.size() >= 2)
        .stream().map(r -> AvroCodec.results().decode(r.value()))
        .collect(Collectors.toMap(Result::getFrameId, r -> r));
    worker.close().await();

    assertEquals(ResultFactory.DROPPED_DEADLINE,
        results.get("late").getAttributes().get(ResultFactory.OUTCOME));
    assertNull(results.get("late").getClassification());
    assertNotNull(results.get("slide").getClassification(), "BATCH frames are never dropped");
  }
}
