package org.screening.workers.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Mean over height and width: [batch, h, w, c] to [batch, c]. */
public final class GlobalAveragePool {

  private GlobalAveragePool() {}

  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Layers.requireImage("GlobalAveragePool", x);
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }
}
