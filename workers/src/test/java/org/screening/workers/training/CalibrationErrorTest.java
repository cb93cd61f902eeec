package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.screening.workers.export.ModelInfo;

class CalibrationErrorTest {

  @Test
  void predictionsAsSureAsTheyAreRightHaveNearlyNoCalibrationError() {
    SyntheticLogits data = SyntheticLogits.sample(20_000, 5, 1, 12);

    double ece = CalibrationError.expected(
        TemperatureScaling.probabilities(data.logits(), 1), data.labels());

    assertTrue(ece < 0.02, "ECE " + ece);
  }

  @Test
  void overconfidentPredictionsHaveALargeCalibrationErrorThatTheFittedTemperatureRemoves() {
    // Labels drawn at T = 3 but read at T = 1: every confidence is too high.
    SyntheticLogits data = SyntheticLogits.sample(20_000, 5, 3, 13);

    ModelInfo.Calibration calibration = HeldOutCalibration.of(data.logits(), data.labels());

    assertTrue(calibration.eceBefore() > 0.2, "ECE before " + calibration.eceBefore());
    assertTrue(calibration.eceAfter() < 0.02, "ECE after " + calibration.eceAfter());
    assertEquals(15, calibration.bins());
    assertEquals(20_000, calibration.heldoutSamples());
  }
}
