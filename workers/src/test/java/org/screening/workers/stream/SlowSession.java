package org.screening.workers.stream;

import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.Predictions;

/** A real session that takes {@code delayMs} longer per batch: a model slower than its feed. */
final class SlowSession {

  private SlowSession() {}

  static InferenceStep by(long delayMs) {
    return (model, images, count) -> {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return Predictions.run(model, images, count);
    };
  }
}
