package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Ones;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Layer normalisation over the last (channel) axis at each pixel or token, epsilon 1e-6 as in
 * every HEMF LayerNorm. Composed from Mean and Rsqrt: TF has no LayerNorm or Moments op.
 */
final class LayerNorm {

  private static final float EPSILON = 1e-6f;

  private final Ops tf;
  private final long channels;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;

  LayerNorm(ModelScope scope, long channels) {
    this.tf = scope.tf();
    this.channels = channels;
    this.gamma = scope.weight("gamma", Shape.of(channels), new Ones<>());
    this.beta = scope.weight("beta", Shape.of(channels), new Zeros<>());
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Shapes.requireChannels("LayerNorm", x, channels);
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, mean),
        tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> normalised = tf.math.mul(tf.math.sub(x, mean),
        tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
    return tf.math.add(tf.math.mul(normalised, gamma), beta);
  }
}
