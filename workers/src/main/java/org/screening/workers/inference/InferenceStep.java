package org.screening.workers.inference;

import java.util.Map;

/**
 * One {@code Session.run} on a batch: {@link Predictions#run} in production. It is the seam where
 * tests slow a real session down or make it fail on particular inputs.
 */
@FunctionalInterface
public interface InferenceStep {

  /** The session, asked for the outputs results carry, and the heat maps when asked to explain. */
  InferenceStep SESSION = new InferenceStep() {
    @Override
    public Map<String, float[]> run(LoadedModel model, float[] images, int count) {
      return run(model, images, count, false);
    }

    @Override
    public Map<String, float[]> run(LoadedModel model, float[] images, int count,
        boolean explain) {
      return Predictions.run(model, images, count,
          explain ? ResultFactory.EXPLAINED_OUTPUTS : ResultFactory.OUTPUTS);
    }
  };

  /** This step after a pause of {@code delayMs} (fault injection: a slow worker); itself at 0. */
  default InferenceStep delayedBy(long delayMs) {
    if (delayMs <= 0) {
      return this;
    }
    InferenceStep undelayed = this;
    return new InferenceStep() {
      @Override
      public Map<String, float[]> run(LoadedModel model, float[] images, int count) {
        return run(model, images, count, false);
      }

      @Override
      public Map<String, float[]> run(LoadedModel model, float[] images, int count,
          boolean explain) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted during an injected inference delay", e);
        }
        return undelayed.run(model, images, count, explain);
      }
    };
  }

  /** As {@link Predictions#run}: outputs by name, flattened, batch dimension first. */
  Map<String, float[]> run(LoadedModel model, float[] images, int count);

  /**
   * As {@link #run(LoadedModel, float[], int)}, and with every image's Grad-CAM heat map under
   * {@link GradCam#OUTPUT} when {@code explain} is set and the model has Grad-CAM: only batches
   * holding a frame that asks pay for the backward pass. A step standing in for the session (a
   * test's) runs as it does without {@code explain} unless it says otherwise.
   */
  default Map<String, float[]> run(LoadedModel model, float[] images, int count,
      boolean explain) {
    return run(model, images, count);
  }
}
