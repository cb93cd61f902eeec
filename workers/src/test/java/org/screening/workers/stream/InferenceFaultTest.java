package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.inference.Predictions;
import org.screening.workers.training.TinyModels;

/** A fault of the system around the model is retried, never filed as the frames' fault. */
class InferenceFaultTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void framesOfAModelWhoseSessionIsClosedStayUncommittedAndAreAnsweredOnceItWorksAgain()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "closed-session");
    // A real session, closed: TensorFlow refuses every input, as after a device loss.
    LoadedModel closed = ModelLoader.load(TinyModels.classifier());
    closed.close();
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicInteger refused = new AtomicInteger();
    InferenceStep step = (model, images, count) -> {
      if (broken.get()) {
        refused.incrementAndGet();
        return Predictions.run(closed, images, count);
      }
      return Predictions.run(model, images, count);
    };
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), step).await();
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(TestFrames.record(TestFrames.png("f" + i, "feed", i, Task.CLASSIFY).build()));
    }
    TestKafka.produce(topics.frames(), sent);

    TestKafka.await("the closed session tried repeatedly", () -> refused.get() >= 12);
    StreamHealth failing = worker.health();
    long committedWhileFailing = TestKafka.committed("closed-session", topics.frames());
    long deadLettersWhileFailing = worker.metrics().deadLetters();
    broken.set(false);
    List<ConsumerRecord<byte[], byte[]>> results = TestKafka.readUntil(topics.results(),
        read -> read.size() >= 4);
    TestKafka.await("healthy again",
        () -> worker.health().state() == StreamHealth.State.RUNNING);
    worker.close().await();

    assertEquals(StreamHealth.State.INFERENCE_FAILING, failing.state(), failing.toString());
    assertTrue(failing.reason().contains("medic-cls:1"), failing.reason());
    assertTrue(committedWhileFailing <= 0, "nothing committed while failing: "
        + committedWhileFailing);
    assertEquals(0, deadLettersWhileFailing);
    assertEquals(0, worker.metrics().deadLetters());
    assertEquals(Set.of("f0", "f1", "f2", "f3"), results.stream()
        .map(r -> AvroCodec.results().decode(r.value()).getFrameId())
        .collect(Collectors.toSet()));
  }
}
