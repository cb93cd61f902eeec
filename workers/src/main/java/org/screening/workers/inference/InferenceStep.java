package org.screening.workers.inference;

import java.util.Map;

/**
 * One {@code Session.run} on a batch: {@link Predictions#run} in production. It is the seam where
 * tests slow a real session down or make it fail on particular inputs.
 */
@FunctionalInterface
public interface InferenceStep {

  InferenceStep SESSION = Predictions::run;

  /** As {@link Predictions#run}: every output by name, flattened, batch dimension first. */
  Map<String, float[]> run(LoadedModel model, float[] images, int count);
}
