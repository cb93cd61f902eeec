package org.screening.workers.inference;

import java.util.Map;

/**
 * One {@code Session.run} on a batch: {@link Predictions#run} in production. It is the seam where
 * tests slow a real session down or make it fail on particular inputs.
 */
@FunctionalInterface
public interface InferenceStep {

  /** The session, asked for the outputs results carry. */
  InferenceStep SESSION = (model, images, count) ->
      Predictions.run(model, images, count, ResultFactory.OUTPUTS);

  /** This step after a pause of {@code delayMs} (fault injection: a slow worker); itself at 0. */
  default InferenceStep delayedBy(long delayMs) {
    if (delayMs <= 0) {
      return this;
    }
    return (model, images, count) -> {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted during an injected inference delay", e);
      }
      return run(model, images, count);
    };
  }

  /** As {@link Predictions#run}: outputs by name, flattened, batch dimension first. */
  Map<String, float[]> run(LoadedModel model, float[] images, int count);
}
