package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.workers.batching.BatchingPolicy;
import org.screening.workers.config.UncertaintyMethod;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.inference.BisectingRunner;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.inference.ResultFactory;
import org.screening.workers.inference.Route;
import org.screening.workers.inference.ServedModel;

class ModelLaneTest {

  @Test
  void theModelThreadRunsTheNextBatchWhileTheLastOnesBigMaskIsResized() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (LoadedModel loaded = ModelLoader.load(Path.of("..").toAbsolutePath().normalize()
        .resolve("models/medic-seg/1"))) {
      ServedModel model = new ServedModel("seg", loaded, Task.SEGMENT, null, 1,
          UncertaintyMethod.ENTROPY);
      List<String> events = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch answered = new CountDownLatch(2);
      InferenceStep recorded = (m, images, count) -> {
        events.add("session");
        return InferenceStep.SESSION.run(m, images, count);
      };
      ModelLane.Listener listener = new ModelLane.Listener() {
        @Override
        public void inferred(InferenceItem item, Result result) {
          events.add("result " + item.frame().frameId());
          answered.countDown();
        }

        @Override
        public void failed(InferenceItem item, Exception cause) {
          events.add("failed " + item.frame().frameId() + ": " + cause);
          answered.countDown();
        }

        @Override
        public void dropped(InferenceItem item, Map<String, String> attributes) {
          events.add("dropped " + item.frame().frameId());
          answered.countDown();
        }
      };
      // One frame a batch: the big frame's batch, then the small one's.
      ModelLane lane = new ModelLane(vertx, model, new BatchingPolicy(1, 0, List.of(), 16),
          vertx.createSharedWorkerExecutor("test-model", 1),
          vertx.createSharedWorkerExecutor("test-build", 2), new BisectingRunner(recorded),
          new ResultFactory("worker-1"), listener, "worker-1", new SimpleMeterRegistry());

      vertx.runOnContext(v -> {
        lane.offer(item(model, "big", 1, 4096));
        lane.offer(item(model, "small", 2, 64));
      });

      assertTrue(answered.await(60, TimeUnit.SECONDS), "both frames answered: " + events);
      // Resizing the big frame's mask to 4096x4096 and encoding it takes about half a second;
      // the second session runs meanwhile, and the results still leave in the frames' order.
      assertEquals(List.of("session", "session", "result big", "result small"), events);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static InferenceItem item(ServedModel model, String frameId, long sequence, int size) {
    FrameJob job = new FrameJob(new ConsumerRecord<>("frames", 0, sequence, new byte[0],
        new byte[0]), new PartitionOffsets(new TopicPartition("frames", 0)), System.nanoTime());
    FrameMeta frame = new FrameMeta(frameId, "tenant-a", "feed-1", sequence, Instant.EPOCH,
        Modality.OTHER, QosClass.BATCH, null, size, size, false);
    return new InferenceItem(job, frame, new Route(Task.SEGMENT, model),
        new float[128 * 128 * 3], 0);
  }
}
