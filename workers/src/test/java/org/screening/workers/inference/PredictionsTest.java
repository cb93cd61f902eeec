package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.screening.workers.export.SavedModelExporter;

class PredictionsTest {

  private static final Path CLS = Path.of("..").toAbsolutePath().normalize()
      .resolve("models/medic-cls/1");

  @Test
  void servingFetchesOnlyTheOutputsResultsCarryWithTheSameValues() throws Exception {
    float[] images = new float[2 * 28 * 28 * 3];
    Random random = new Random(5);
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    try (LoadedModel model = ModelLoader.load(CLS)) {
      Map<String, float[]> all = Predictions.run(model, images, 2);
      Map<String, float[]> served = InferenceStep.SESSION.run(model, images, 2);

      assertEquals(Set.of(SavedModelExporter.PROBABILITIES, SavedModelExporter.INVOLUTION_KERNEL),
          all.keySet());
      assertEquals(Set.of(SavedModelExporter.PROBABILITIES), served.keySet());
      assertArrayEquals(all.get(SavedModelExporter.PROBABILITIES),
          served.get(SavedModelExporter.PROBABILITIES), 0f);
    }
  }

  @Test
  void servingFetchesExplanationsOnlyForABatchAskingToExplain() throws Exception {
    float[] images = new float[2 * 28 * 28 * 3];
    Random random = new Random(6);
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    try (LoadedModel model = ModelLoader.load(CLS)) {
      Map<String, float[]> plain = InferenceStep.SESSION.run(model, images, 2, false);
      Map<String, float[]> explained = InferenceStep.SESSION.run(model, images, 2, true);

      assertEquals(Set.of(SavedModelExporter.PROBABILITIES), plain.keySet());
      assertEquals(Set.of(SavedModelExporter.PROBABILITIES, GradCam.OUTPUT, KernelMap.OUTPUT),
          explained.keySet());
      // Two images, each a map on the shipped card's feature map: conv128's 7x7 grid.
      assertEquals(2 * 7 * 7, explained.get(GradCam.OUTPUT).length);
      // And each a kernel map on the involution's grid, the 28x28 input.
      assertEquals(2 * 28 * 28, explained.get(KernelMap.OUTPUT).length);
      assertArrayEquals(plain.get(SavedModelExporter.PROBABILITIES),
          explained.get(SavedModelExporter.PROBABILITIES), 0f);
    }
  }
}
