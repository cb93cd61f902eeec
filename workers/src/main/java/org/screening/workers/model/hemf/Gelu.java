package org.screening.workers.model.hemf;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))} as PyTorch's nn.GELU: TF has no Gelu op. */
final class Gelu {

  private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

  private Gelu() {}

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> cdf = tf.math.add(tf.constant(1f),
        tf.math.erf(tf.math.mul(x, tf.constant(INV_SQRT2))));
    return tf.math.mul(tf.math.mul(x, cdf), tf.constant(0.5f));
  }
}
