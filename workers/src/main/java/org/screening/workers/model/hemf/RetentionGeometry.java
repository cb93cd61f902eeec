package org.screening.workers.model.hemf;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The constants of RMT's decomposed Manhattan self-attention for one H x W map and head width d
 * (RetNetRelPos2d, chunkwise mode): the rotary SIN and COS tables [H,W,1,d] over the raster index
 * {@code n = y*W + x}, the pair rotation R [d,d], and the per-head log-decay masks
 * MW [heads,W,W] and MH [heads,H,H]. Computed in Java so the graph carries them as constants.
 */
record RetentionGeometry(Operand<TFloat32> sin, Operand<TFloat32> cos, Operand<TFloat32> rotation,
    Operand<TFloat32> maskW, Operand<TFloat32> maskH) {

  /** RMT's initial_value 1 and heads_range 3: gamma_h = 1 - 2^(-1 - 3h/heads). */
  private static final double INITIAL_VALUE = 1;
  private static final double HEADS_RANGE = 3;

  static RetentionGeometry of(Ops tf, int height, int width, int heads, int headDim) {
    if (headDim % 2 != 0 || headDim < 4) {
      throw new IllegalArgumentException("Retention: head width " + headDim
          + " must be even and at least 4 for rotary pairs");
    }
    double[] angle = new double[headDim];
    int half = headDim / 2;
    for (int j = 0; j < headDim; j++) {
      // torch.linspace(0, 1, d/2), each angle used by a channel pair.
      angle[j] = Math.pow(10000, -(double) (j / 2) / (half - 1));
    }
    float[] sin = new float[height * width * headDim];
    float[] cos = new float[sin.length];
    for (int n = 0; n < height * width; n++) {
      for (int j = 0; j < headDim; j++) {
        sin[n * headDim + j] = (float) Math.sin(n * angle[j]);
        cos[n * headDim + j] = (float) Math.cos(n * angle[j]);
      }
    }
    // rot(u) = (-u1, u0, -u3, u2, ...) = u R
    float[] rotation = new float[headDim * headDim];
    for (int i = 0; i < half; i++) {
      rotation[(2 * i + 1) * headDim + 2 * i] = -1f;
      rotation[(2 * i) * headDim + 2 * i + 1] = 1f;
    }
    double[] decay = new double[heads];
    for (int h = 0; h < heads; h++) {
      decay[h] = Math.log(1 - Math.pow(2, -INITIAL_VALUE - HEADS_RANGE * h / heads));
    }
    Shape table = Shape.of(height, width, 1, headDim);
    return new RetentionGeometry(
        tf.constant(table, DataBuffers.of(sin)),
        tf.constant(table, DataBuffers.of(cos)),
        tf.constant(Shape.of(headDim, headDim), DataBuffers.of(rotation)),
        decayMask(tf, decay, width),
        decayMask(tf, decay, height));
  }

  /** lambda_h |a - b| for a, b < length: added to the scores before the softmax, as RMT does. */
  private static Operand<TFloat32> decayMask(Ops tf, double[] decay, int length) {
    float[] mask = new float[decay.length * length * length];
    for (int h = 0; h < decay.length; h++) {
      for (int a = 0; a < length; a++) {
        for (int b = 0; b < length; b++) {
          mask[(h * length + a) * length + b] = (float) (decay[h] * Math.abs(a - b));
        }
      }
    }
    return tf.constant(Shape.of(decay.length, length, length), DataBuffers.of(mask));
  }
}
