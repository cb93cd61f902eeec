package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Classification;

class ClassificationsTest {

  @Test
  void uniformProbabilitiesHaveTheLargestEntropy() {
    Classification c = Classifications.of(List.of("a", "b", "c", "d"),
        new float[] {0.25f, 0.25f, 0.25f, 0.25f});
    assertEquals(Math.log(4), c.getEntropy(), 1e-6);
  }

  @Test
  void certaintyHasNoEntropyAndNamesTheTopLabel() {
    Classification c = Classifications.of(List.of("benign", "malignant"), new float[] {0, 1});
    assertEquals(0, c.getEntropy());
    assertEquals("malignant", c.getTop1Label());
    assertEquals(1f, c.getTop1Probability());
  }

  @Test
  void uniformProbabilitiesAreFullyUncertainWhateverTheNumberOfLabels() {
    assertEquals(1f, Classifications.uncertainty(new float[] {0.5f, 0.5f}), 1e-6);
    float[] seven = new float[7];
    Arrays.fill(seven, 1f / 7);
    assertEquals(1f, Classifications.uncertainty(seven), 1e-6);
  }

  @Test
  void oneHotProbabilitiesAreCertain() {
    assertEquals(0f, Classifications.uncertainty(new float[] {0, 1, 0}));
  }

  @Test
  void uncertaintyIsTheEntropyOverItsLargestValue() {
    float[] probabilities = {0.9f, 0.1f};
    double entropy = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1));
    assertEquals(entropy / Math.log(2), Classifications.uncertainty(probabilities), 1e-6);
  }
}
