package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.training.TinyModels;

/** Each frame answered by the model its modality routes to, with real sessions and Kafka. */
class ModalityRoutingTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void framesOfTwoModalitiesInOneStreamAreEachAnsweredByTheModelTheirModalityRoutesTo()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Map<String, Object> config = TestWorkers.classifier(topics, "modality-routes");
    config.put(WorkerConfig.modelKey("endo", WorkerConfig.MODEL_DIR),
        TinyModels.classifier("endo-cls", "1"));
    config.put(WorkerConfig.routeKey(Task.CLASSIFY, Modality.ENDOSCOPY_FRAME), "endo-cls");
    // Batches wait for company, so that frames of both modalities are queued together.
    for (String id : List.of("cls", "endo")) {
      config.put(WorkerConfig.modelKey(id, WorkerConfig.MODEL_MAX_QUEUE_DELAY_MICROS), 200_000);
    }
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      Modality modality = i % 2 == 0 ? Modality.PATHOLOGY_TILE : Modality.ENDOSCOPY_FRAME;
      String id = modality.name() + "-" + i;
      frames.add(TestFrames.record(TestFrames.png(id, "feed-" + (i % 3), i, Task.CLASSIFY)
          .setModality(modality).build()));
      expected.put(id, modality == Modality.ENDOSCOPY_FRAME ? "endo-cls" : "medic-cls");
    }
    TestKafka.produce(topics.frames(), frames);

    List<Result> results = TestKafka.readUntil(topics.results(), read -> read.size() >= 12)
        .stream().map(r -> AvroCodec.results().decode(r.value())).toList();
    worker.close().await();

    Map<String, String> answeredBy = results.stream()
        .collect(Collectors.toMap(Result::getFrameId, r -> r.getModel().getName()));
    assertEquals(expected, answeredBy);
    // Batching stays per model: no batch holds frames of both.
    Map<String, Set<String>> modelsByBatch = results.stream().collect(Collectors.groupingBy(
        r -> r.getBatch().getBatchId(),
        Collectors.mapping(r -> r.getModel().getName(), Collectors.toSet())));
    modelsByBatch.forEach((batch, models) -> assertEquals(1, models.size(), batch + ": " + models));
    assertTrue(results.stream().anyMatch(r -> r.getBatch().getBatchSize() > 1),
        "some batch held more than one frame");
  }

  @Test
  void anOverrideNamingAVersionIsAnsweredByThatVersionAndTheRouteByTheHighest()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "override-version");
    config.put(WorkerConfig.modelKey("endo-1", WorkerConfig.MODEL_DIR),
        TinyModels.classifier("endo-cls", "1"));
    config.put(WorkerConfig.modelKey("endo-2", WorkerConfig.MODEL_DIR),
        TinyModels.classifier("endo-cls", "2"));
    config.put(WorkerConfig.routeKey(Task.CLASSIFY, Modality.ENDOSCOPY_FRAME), "endo-cls");
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("pinned", "feed", 1, Task.CLASSIFY)
            .setModality(Modality.ENDOSCOPY_FRAME).setModelOverride("endo-cls:1").build()),
        TestFrames.record(TestFrames.png("routed", "feed", 2, Task.CLASSIFY)
            .setModality(Modality.ENDOSCOPY_FRAME).build())));

    List<Result> results = TestKafka.readUntil(topics.results(), read -> read.size() >= 2)
        .stream().map(r -> AvroCodec.results().decode(r.value())).toList();
    worker.close().await();

    Map<String, String> answeredBy = results.stream().collect(Collectors.toMap(
        Result::getFrameId, r -> r.getModel().getName() + ":" + r.getModel().getVersion()));
    assertEquals(Map.of("pinned", "endo-cls:1", "routed", "endo-cls:2"), answeredBy);
  }

  @Test
  void aFrameWhoseModalityHasNoRouteForItsTaskIsADeadLetterNamingWhy() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "no-route");
    // The default route would classify endoscopy with the pathology model; this says it may not.
    config.put(WorkerConfig.routeKey(Task.CLASSIFY, Modality.ENDOSCOPY_FRAME), "");
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();
    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("endoscopy", "feed", 1, Task.CLASSIFY)
            .setModality(Modality.ENDOSCOPY_FRAME).build()),
        TestFrames.record(TestFrames.png("pathology", "feed", 2, Task.CLASSIFY).build())));

    List<ConsumerRecord<byte[], byte[]>> letters =
        TestKafka.readUntil(topics.deadLetters(), read -> !read.isEmpty());
    List<ConsumerRecord<byte[], byte[]>> results =
        TestKafka.readUntil(topics.results(), read -> !read.isEmpty());
    worker.close().await();

    assertEquals(1, letters.size());
    assertEquals(DeadLetterReason.NO_ROUTE.name(), header(letters.get(0), DeadLetterHeaders.REASON));
    String cause = header(letters.get(0), DeadLetterHeaders.CAUSE);
    assertTrue(cause.contains("CLASSIFY") && cause.contains("ENDOSCOPY_FRAME")
        && cause.contains("routing.classify.ENDOSCOPY_FRAME"), cause);
    assertEquals(List.of("pathology"), results.stream()
        .map(r -> AvroCodec.results().decode(r.value()).getFrameId()).toList());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aModalityRouteNamingAModelOfAnotherTaskFailsTheStartNamingTheKey() {
    Map<String, Object> config = TestWorkers.both(TestKafka.topics(1), "wrong-task-route");
    config.put(WorkerConfig.routeKey(Task.SEGMENT, Modality.ENDOSCOPY_FRAME), "medic-cls");

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> Worker.start(vertx, WorkerConfig.of(config)).await());

    assertEquals("routing.segment.ENDOSCOPY_FRAME names model 'medic-cls', which serves "
        + "CLASSIFY, not SEGMENT", refused.getMessage());
  }
}
