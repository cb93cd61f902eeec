package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.UncertaintyMethod;
import org.screening.workers.export.ModelInfo;

class BisectingRunnerTest {

  private static final ServedModel MODEL = new ServedModel("m", new LoadedModel(
      new ModelInfo("m", "1", "classify", List.of("x"), new ModelInfo.Input(1, 1, 3, "float32",
          0, 1), "", Map.of(), 0, 0, null, "sha", Map.of(), null), null, null), Task.CLASSIFY, null,
      0.5, UncertaintyMethod.ENTROPY);

  /** Echoes each image's first value; a batch holding a negative value fails as a whole. */
  private final AtomicInteger runs = new AtomicInteger();
  private final InferenceStep echo = (model, images, count) -> {
    runs.incrementAndGet();
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      if (images[i * 3] < 0) {
        throw new IllegalStateException("poison");
      }
      out[i] = images[i * 3];
    }
    return Map.of("probabilities", out);
  };

  private static List<float[]> inputs(float... firsts) {
    List<float[]> out = new ArrayList<>();
    for (float f : firsts) {
      out.add(new float[] {f, 0, 0});
    }
    return out;
  }

  @Test
  void healthyBatchRunsOnceAndEachFrameGetsItsOwnSlice() {
    List<BisectingRunner.Outcome> out =
        new BisectingRunner(echo).run(MODEL, inputs(1, 2, 3), "b", false);
    assertEquals(1, runs.get());
    for (int i = 0; i < 3; i++) {
      BisectingRunner.Success s = assertInstanceOf(BisectingRunner.Success.class, out.get(i));
      assertEquals(i + 1, s.outputs().get("probabilities")[0]);
      assertEquals("b", s.batchId());
      assertEquals(3, s.batchSize());
    }
  }

  @Test
  void poisonFrameFailsAloneAndTheRestOfTheBatchSucceeds() {
    List<BisectingRunner.Outcome> out =
        new BisectingRunner(echo).run(MODEL, inputs(0, 1, 2, 3, 4, -1, 6, 7), "b", false);
    for (int i = 0; i < 8; i++) {
      if (i == 5) {
        BisectingRunner.Failure f = assertInstanceOf(BisectingRunner.Failure.class, out.get(i));
        assertEquals("b.1.0.1.again", f.batchId());
      } else {
        BisectingRunner.Success s = assertInstanceOf(BisectingRunner.Success.class, out.get(i));
        assertEquals(i, s.outputs().get("probabilities")[0]);
      }
    }
    assertEquals("b.0", out.get(0).batchId());
    assertEquals(4, ((BisectingRunner.Success) out.get(0)).batchSize());
    assertEquals(9, runs.get(), "8 -> 4 + 4 -> 2 + 2 -> 1 + 1, the probe, the frame again");
  }

  @Test
  void modelFailingForEveryInputAsksForEveryFrameToRunAgain() {
    InferenceStep broken = (model, images, count) -> {
      throw new IllegalStateException("Session has been closed");
    };
    List<BisectingRunner.Outcome> out =
        new BisectingRunner(broken).run(MODEL, inputs(1, 2, 3, 4), "b", false);
    for (BisectingRunner.Outcome outcome : out) {
      BisectingRunner.Retry retry = assertInstanceOf(BisectingRunner.Retry.class, outcome);
      assertEquals("Session has been closed", retry.cause().getMessage());
    }
  }

  @Test
  void frameThatFailsOnlyOnceGetsItsOutputsFromTheSecondRun() {
    InferenceStep flaky = (model, images, count) -> {
      if (runs.get() == 0) {
        runs.incrementAndGet();
        throw new IllegalStateException("transient");
      }
      return echo.run(model, images, count);
    };
    List<BisectingRunner.Outcome> out =
        new BisectingRunner(flaky).run(MODEL, inputs(7), "b", false);
    BisectingRunner.Success s = assertInstanceOf(BisectingRunner.Success.class, out.get(0));
    assertEquals(7, s.outputs().get("probabilities")[0]);
    assertEquals("b.again", s.batchId());
  }

  @Test
  void theProbeIsAMidGreyImageOfTheFramesSize() {
    List<float[]> seen = new ArrayList<>();
    InferenceStep recording = (model, images, count) -> {
      seen.add(images.clone());
      return echo.run(model, images, count);
    };
    new BisectingRunner((model, images, count) -> {
      if (images[0] < 0) {
        throw new IllegalStateException("poison");
      }
      return recording.run(model, images, count);
    }).run(MODEL, inputs(-1), "b", false);
    assertEquals(1, seen.size(), "the probe alone passed");
    for (float v : seen.get(0)) {
      assertEquals(BisectingRunner.PROBE_VALUE, v);
    }
  }
}
