package org.screening.workers.export;

import java.util.Map;

/** Trained variable values by graph name: what moves from the training graph to the export. */
public record ModelWeights(Map<String, Tensor> values) {

  /** One variable: its shape and row-major values. */
  public record Tensor(long[] shape, float[] data) {}

  public ModelWeights {
    values = Map.copyOf(values);
  }
}
