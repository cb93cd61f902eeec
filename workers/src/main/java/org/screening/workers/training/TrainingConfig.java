package org.screening.workers.training;

import org.screening.workers.model.ModelKind;

/**
 * How to train one model. {@link #paperDefaults} gives each family's recipe: Med-IC Cls with
 * Adam 1e-4, batch 16, 30 epochs; Med-IC Seg with Adam 1e-5, batch 8, 100 epochs; and the zoo's
 * from MODELS.md (2.4, 3.3, 4.3), see there.
 *
 * @param cosine          cosine decay of the learning rate per step, else a constant rate
 * @param minLearningRate where the cosine ends on the last step (ignored without it)
 * @param warmupEpochs    epochs of linear warm-up from {@code warmupStartRate}, 0 for none
 * @param weightDecay     AdamW's decoupled decay of matrices and filters, 0 for plain Adam
 * @param epsilon         Adam's epsilon
 * @param cutMix          probability that a batch is mixed by CutMix (soft labels), 0 for never
 * @param heldOutFraction share of the data (whole groups) kept out of training for the metrics
 * @param seed            drives initial weights, dropout, shuffling, CutMix and the split
 */
public record TrainingConfig(
    ModelKind model,
    int involutionLayers,
    int epochs,
    int batchSize,
    float learningRate,
    boolean cosine,
    float minLearningRate,
    int warmupEpochs,
    float warmupStartRate,
    float weightDecay,
    float epsilon,
    float cutMix,
    double heldOutFraction,
    long seed) {

  public TrainingConfig {
    if (epochs < 0 || batchSize < 1 || learningRate <= 0 || involutionLayers < 0) {
      throw new IllegalArgumentException("epochs must be >= 0 (0: export the initial weights, "
          + "marked untrained), batch size and learning rate positive and involution layers "
          + ">= 0: " + this);
    }
    if (!model.involution() && involutionLayers > 0) {
      throw new IllegalArgumentException(model.cliName() + " has no involution layers");
    }
    if (minLearningRate <= 0 || warmupEpochs < 0 || warmupStartRate < 0 || weightDecay < 0
        || epsilon <= 0 || cutMix < 0 || cutMix > 1) {
      throw new IllegalArgumentException("Invalid optimiser settings: " + this);
    }
    if (cutMix > 0 && model.segmentation()) {
      throw new IllegalArgumentException("CutMix mixes class labels; " + model.cliName()
          + " is a segmenter");
    }
    if (heldOutFraction <= 0 || heldOutFraction >= 1) {
      throw new IllegalArgumentException("held-out fraction must be in (0,1), got "
          + heldOutFraction);
    }
  }

  public static TrainingConfig paperDefaults(ModelKind model) {
    float eps = AdamOptimizer.EPSILON;
    return switch (model.family()) {
      case "medic-seg" ->
          new TrainingConfig(model, 1, 100, 8, 1e-5f, false, 1e-5f, 0, 0, 0, eps, 0, 0.2, 42);
      case "medic-cls" ->
          new TrainingConfig(model, 1, 30, 16, 1e-4f, false, 1e-4f, 0, 0, 0, eps, 0, 0.2, 42);
      // MODELS.md 2.4 [E]: Adam 1e-3, cosine to 1e-5, batch 64; [P] 200 epochs, CutMix p 0.5.
      case "medspectralnet" ->
          new TrainingConfig(model, 0, 200, 64, 1e-3f, true, 1e-5f, 0, 0, 0, eps, 0.5f, 0.2, 42);
      // MODELS.md 4.3 [P]: Adam 1e-3 constant, batch 32, 50 epochs; the head trains the same.
      case "hybrid", "hybrid-seg" ->
          new TrainingConfig(model, 0, 50, 32, 1e-3f, false, 1e-3f, 0, 0, 0, eps, 0, 0.2, 42);
      // MODELS.md 3.3: AdamW 1e-4 (wd 0.01, eps 1e-8), 1 epoch warm-up from 1e-7, cosine to
      // 1e-6 per iteration, batch 32, 150 epochs.
      case "hemf" -> new TrainingConfig(model, 0, 150, 32, 1e-4f, true, 1e-6f, 1, 1e-7f, 0.01f,
          1e-8f, 0, 0.2, 42);
      default -> throw new IllegalArgumentException("No training recipe for " + model.family());
    };
  }

  /** The learning rate of every step of a run of {@code stepsPerEpoch} steps an epoch. */
  public LearningRateSchedule schedule(int stepsPerEpoch) {
    long total = Math.max(1, (long) epochs * stepsPerEpoch);
    long warmup = Math.min(total, (long) warmupEpochs * stepsPerEpoch);
    // A learning rate set below the recipe's floor turns the decay into a constant rate.
    float floor = cosine ? Math.min(minLearningRate, learningRate) : learningRate;
    return new LearningRateSchedule(learningRate, floor, Math.min(warmupStartRate, learningRate),
        warmup, total);
  }

  public TrainingConfig withEpochs(int value) {
    return new TrainingConfig(model, involutionLayers, value, batchSize, learningRate,
        cosine, minLearningRate, warmupEpochs, warmupStartRate, weightDecay, epsilon, cutMix,
        heldOutFraction, seed);
  }

  public TrainingConfig withInvolutionLayers(int value) {
    return new TrainingConfig(model, value, epochs, batchSize, learningRate, cosine,
        minLearningRate, warmupEpochs, warmupStartRate, weightDecay, epsilon, cutMix,
        heldOutFraction, seed);
  }

  public TrainingConfig withBatchSize(int value) {
    return new TrainingConfig(model, involutionLayers, epochs, value, learningRate,
        cosine, minLearningRate, warmupEpochs, warmupStartRate, weightDecay, epsilon, cutMix,
        heldOutFraction, seed);
  }

  public TrainingConfig withLearningRate(float value) {
    return new TrainingConfig(model, involutionLayers, epochs, batchSize, value, cosine,
        minLearningRate, warmupEpochs, warmupStartRate, weightDecay, epsilon, cutMix,
        heldOutFraction, seed);
  }

  public TrainingConfig withCutMix(float value) {
    return new TrainingConfig(model, involutionLayers, epochs, batchSize, learningRate,
        cosine, minLearningRate, warmupEpochs, warmupStartRate, weightDecay, epsilon, value,
        heldOutFraction, seed);
  }

  public TrainingConfig withSeed(long value) {
    return new TrainingConfig(model, involutionLayers, epochs, batchSize, learningRate,
        cosine, minLearningRate, warmupEpochs, warmupStartRate, weightDecay, epsilon, cutMix,
        heldOutFraction, value);
  }
}
