package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
