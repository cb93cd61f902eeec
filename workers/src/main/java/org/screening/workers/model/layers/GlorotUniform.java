package org.screening.workers.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Glorot (Xavier) uniform initialiser: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).
 * Written here because tensorflow-framework 1.0.0's {@code Glorot(UNIFORM)} draws only positive
 * values, which makes a deep ReLU network's activations grow without bound.
 */
final class GlorotUniform implements Initializer<TFloat32> {

  private final Shape shape;
  private final long seed;

  /** {@code shape} is [kh, kw, in, out] for convolutions or [in, out] for dense layers. */
  GlorotUniform(Shape shape, long seed) {
    this.shape = shape;
    this.seed = seed;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> dims, Class<TFloat32> type) {
    int rank = shape.numDimensions();
    long receptive = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptive *= shape.get(i);
    }
    double fanIn = receptive * shape.get(rank - 2);
    double fanOut = receptive * shape.get(rank - 1);
    float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    Operand<TFloat32> unit = tf.random.statelessRandomUniform(dims,
        tf.constant(new long[] {seed, 0x5EED}), TFloat32.class);
    return tf.math.mul(tf.math.sub(tf.math.mul(unit, tf.constant(2f)), tf.constant(1f)),
        tf.constant(limit));
  }
}
