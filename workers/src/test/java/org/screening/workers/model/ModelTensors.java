package org.screening.workers.model;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Inputs and variable read-outs the zoo model tests share. */
public final class ModelTensors {

  private ModelTensors() {}

  /** An image batch with values spread over [0,1). */
  public static TFloat32 ramp(Shape shape) {
    float[] pixels = new float[(int) shape.size()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 31 % 97) / 97f;
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(pixels));
  }

  /** The weight of {@code scope} named {@code name} (its op name, scopes included). */
  public static Variable<TFloat32> weight(ModelScope scope, String name) {
    return scope.weights().stream().filter(v -> v.op().name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no weight " + name));
  }

  /** The current value of {@code variable}, flattened. */
  public static float[] values(Session session, Variable<TFloat32> variable) {
    try (TFloat32 t = (TFloat32) session.runner().fetch(variable).run().get(0)) {
      float[] data = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(data));
      return data;
    }
  }
}
