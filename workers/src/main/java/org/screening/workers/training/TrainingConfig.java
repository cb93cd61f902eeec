package org.screening.workers.training;

import org.screening.workers.model.ModelKind;

/**
 * How to train one model. {@link #paperDefaults} gives the Med-IC paper's settings: Cls with
 * Adam 1e-4, batch 16, 30 epochs; Seg with Adam 1e-5, batch 8, 100 epochs.
 *
 * @param heldOutFraction share of the data (whole groups) kept out of training for the metrics
 * @param seed            drives initial weights, dropout, shuffling and the split
 */
public record TrainingConfig(
    ModelKind model,
    int involutionLayers,
    int epochs,
    int batchSize,
    float learningRate,
    double heldOutFraction,
    long seed) {

  public TrainingConfig {
    if (epochs < 1 || batchSize < 1 || learningRate <= 0 || involutionLayers < 0) {
      throw new IllegalArgumentException("epochs, batch size and learning rate must be positive "
          + "and involution layers >= 0: " + this);
    }
    if (heldOutFraction <= 0 || heldOutFraction >= 1) {
      throw new IllegalArgumentException("held-out fraction must be in (0,1), got "
          + heldOutFraction);
    }
  }

  public static TrainingConfig paperDefaults(ModelKind model) {
    return model.segmentation()
        ? new TrainingConfig(model, 1, 100, 8, 1e-5f, 0.2, 42)
        : new TrainingConfig(model, 1, 30, 16, 1e-4f, 0.2, 42);
  }

  public TrainingConfig withEpochs(int value) {
    return new TrainingConfig(model, involutionLayers, value, batchSize, learningRate,
        heldOutFraction, seed);
  }

  public TrainingConfig withInvolutionLayers(int value) {
    return new TrainingConfig(model, value, epochs, batchSize, learningRate, heldOutFraction, seed);
  }

  public TrainingConfig withBatchSize(int value) {
    return new TrainingConfig(model, involutionLayers, epochs, value, learningRate,
        heldOutFraction, seed);
  }

  public TrainingConfig withLearningRate(float value) {
    return new TrainingConfig(model, involutionLayers, epochs, batchSize, value, heldOutFraction,
        seed);
  }
}
