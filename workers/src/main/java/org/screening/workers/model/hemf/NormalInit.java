package org.screening.workers.model.hemf;

import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * N(0, sigma), untruncated: PyTorch's {@code trunc_normal_} that HEMF calls cuts at +-2 absolute,
 * which at sigma 0.2 or below never bites, whereas TF's TruncatedNormal would cut at 2 sigma.
 */
final class NormalInit implements Initializer<TFloat32> {

  private final float sigma;
  private final long seed;

  NormalInit(float sigma, long seed) {
    this.sigma = sigma;
    this.seed = seed;
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> dims, Class<TFloat32> type) {
    Operand<TFloat32> unit = tf.random.statelessRandomNormal(dims,
        tf.constant(new long[] {seed, 0x4E0F}), TFloat32.class);
    return tf.math.mul(unit, tf.constant(sigma));
  }
}
