package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

  @Test
  void fittedTemperatureRecoversTheOneTheLabelsWereSampledWith() {
    SyntheticLogits data = SyntheticLogits.sample(20_000, 5, 2.5, 11);

    double fitted = TemperatureScaling.fit(data.logits(), data.labels());

    assertEquals(2.5, fitted, 0.1);
  }
}
