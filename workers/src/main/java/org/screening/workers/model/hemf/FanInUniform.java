package org.screening.workers.model.hemf;

import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)): PyTorch's default for a Conv2d's weight and bias. HEMF's
 * fusion blocks are created after its {@code _init_weights} has run, so they keep this default.
 */
final class FanInUniform implements Initializer<TFloat32> {

  private final float limit;
  private final long seed;

  FanInUniform(long fanIn, long seed) {
    this.limit = (float) (1.0 / Math.sqrt(fanIn));
    this.seed = seed;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> dims, Class<TFloat32> type) {
    Operand<TFloat32> unit = tf.random.statelessRandomUniform(dims,
        tf.constant(new long[] {seed, 0xFA41}), TFloat32.class);
    return tf.math.mul(tf.math.sub(tf.math.mul(unit, tf.constant(2f)), tf.constant(1f)),
        tf.constant(limit));
  }
}
