package org.screening.workers.model.layers;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Single-head scaled dot-product attention over the pixels of feature maps:
 * {@code A = softmax_j(Q K^T / sqrt d)}, {@code out = A V}. Q, K, V are [batch, h, w, d];
 * the h*w pixels are the tokens. Parameter-free: the projections belong to the caller.
 */
public final class DotProductAttention {

  /** The attended values [batch, h, w, d] and the attention map [batch, h*w, h*w]. */
  public record Output(Operand<TFloat32> values, Operand<TFloat32> attention) {}

  private DotProductAttention() {}

  public static Output apply(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k,
      Operand<TFloat32> v) {
    Layers.requireImage("Attention", q);
    // Shape.equals is false for any unknown (batch) dimension, so compare the dimension lists.
    long[] dims = q.shape().asArray();
    if (!Arrays.equals(dims, k.shape().asArray()) || !Arrays.equals(dims, v.shape().asArray())) {
      throw new IllegalArgumentException("Attention: Q, K and V must share a shape, got "
          + q.shape() + ", " + k.shape() + ", " + v.shape());
    }
    long h = q.shape().get(1);
    long w = q.shape().get(2);
    long d = q.shape().get(3);
    Operand<TFloat32> tokensQ = tokens(tf, tf.math.mul(q, tf.constant((float) (1 / Math.sqrt(d)))));
    // BatchMatMulV3 (train.batchMatMul in TF Java 1.1.0; V2 is not exposed) with adjY: Q K^T.
    Operand<TFloat32> scores = tf.train.batchMatMul(tokensQ, tokens(tf, k), TFloat32.class,
        BatchMatMul.adjY(true));
    Operand<TFloat32> attention = tf.nn.softmax(scores);
    Operand<TFloat32> out = tf.train.batchMatMul(attention, tokens(tf, v), TFloat32.class);
    return new Output(tf.reshape(out, tf.constant(new long[] {-1, h, w, d})), attention);
  }

  private static Operand<TFloat32> tokens(Ops tf, Operand<TFloat32> x) {
    return tf.reshape(x, tf.constant(new long[] {-1, x.shape().get(1) * x.shape().get(2),
        x.shape().get(3)}));
  }
}
