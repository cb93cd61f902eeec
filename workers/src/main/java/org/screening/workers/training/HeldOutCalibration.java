package org.screening.workers.training;

import org.screening.workers.export.ModelInfo;

/**
 * The model card's calibration entry from a classifier's held-out logits: the fitted temperature
 * and the expected calibration error before and after it, so the card shows what the fit bought.
 */
public final class HeldOutCalibration {

  private HeldOutCalibration() {}

  /**
   * @param logits one row per held-out sample
   * @param labels each sample's true class index
   */
  public static ModelInfo.Calibration of(float[][] logits, int[] labels) {
    double temperature = TemperatureScaling.fit(logits, labels);
    return new ModelInfo.Calibration(temperature,
        CalibrationError.expected(TemperatureScaling.probabilities(logits, 1), labels),
        CalibrationError.expected(TemperatureScaling.probabilities(logits, temperature), labels),
        labels.length, CalibrationError.BINS);
  }
}
