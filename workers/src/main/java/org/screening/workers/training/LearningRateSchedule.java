package org.screening.workers.training;

/**
 * The learning rate at each optimiser step (counted from 0 over the whole run): constant, or
 * cosine decay from the peak to a floor, optionally after a linear warm-up from a start value.
 * HEMF's recipe: 1 epoch of warm-up from 1e-7 to 1e-4, then cosine per iteration down to 1e-6;
 * MedSpectralNet's: cosine from 1e-3 to 1e-5 with no warm-up.
 *
 * @param peak          the rate after warm-up (the configured learning rate)
 * @param floor         where the cosine ends on the last step; equal to peak for a constant rate
 * @param warmupStart   the rate at step 0 when there is a warm-up
 * @param warmupSteps   steps of linear warm-up, 0 for none
 * @param totalSteps    all steps of the run, warm-up included
 */
public record LearningRateSchedule(double peak, double floor, double warmupStart,
    long warmupSteps, long totalSteps) {

  public LearningRateSchedule {
    if (!(peak > 0) || floor < 0 || floor > peak || warmupStart < 0 || warmupSteps < 0
        || totalSteps < 1) {
      throw new IllegalArgumentException("Invalid learning-rate schedule " + this);
    }
  }

  public static LearningRateSchedule constant(double rate, long totalSteps) {
    return new LearningRateSchedule(rate, rate, rate, 0, totalSteps);
  }

  public double at(long step) {
    if (step < warmupSteps) {
      return warmupStart + (peak - warmupStart) * step / warmupSteps;
    }
    long decaySteps = totalSteps - warmupSteps;
    // The last step reaches the floor: progress runs 0..1 over the decay steps' indices.
    double progress = decaySteps <= 1 ? 1 : Math.min(1, (double) (step - warmupSteps)
        / (decaySteps - 1));
    return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
