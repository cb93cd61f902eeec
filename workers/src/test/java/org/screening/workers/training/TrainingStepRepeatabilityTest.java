package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.export.ModelWeights;
import org.screening.workers.model.ModelKind;

/**
 * Training from one seed on one batch must land on the same weights every time, bit for bit:
 * anything else (an optimiser update racing the backward pass that reads the weight it
 * overwrites, a kernel reading memory it never wrote) makes training results and the tests on
 * them a matter of luck.
 */
class TrainingStepRepeatabilityTest {

  private static final int RUNS = 4;

  @Test
  void twoStepsFromOneSeedGiveBitIdenticalWeightsEveryTime(@TempDir Path tmp) throws Exception {
    Dataset data = DatasetFormat.IMAGEFOLDER.loader()
        .load(Fixtures.twoClassImageFolder(tmp.resolve("data"), 4, 9), 28, 28);
    List<Map<String, ModelWeights.Tensor>> runs = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      try (TrainingGraph graph = new TrainingGraph(
          TrainingConfig.paperDefaults(ModelKind.MEDIC_CLS).withLearningRate(1e-2f), 2);
          Batch batch = Batch.of(data.samples(), 28, 28, false)) {
        graph.step(batch);
        graph.step(batch);
        runs.add(graph.weights().values());
      }
    }
    List<String> differing = new ArrayList<>();
    for (int run = 1; run < RUNS; run++) {
      for (var first : runs.get(0).entrySet()) {
        float[] a = first.getValue().data();
        float[] b = runs.get(run).get(first.getKey()).data();
        for (int i = 0; i < a.length; i++) {
          if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
            differing.add("run " + run + " " + first.getKey() + "[" + i + "]");
            break;
          }
        }
      }
    }
    assertEquals(List.of(), differing, "variables whose values differ from the first run's");
  }
}
