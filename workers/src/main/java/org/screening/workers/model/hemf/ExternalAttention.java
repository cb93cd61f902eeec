package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Multi-head external attention (MHEA) without shortcut or output projection: each head's tokens
 * [N, C/heads] meet a learnt memory of 64 keys Mk shared by all heads; the scores are softmaxed
 * over the tokens and then renormalised over the keys (double normalisation), and read out
 * through the value memory Mv.
 */
final class ExternalAttention {

  private static final int HEADS = 8;
  private static final long MEMORY = 64;
  /** MHEA's own init_weights: N(0.001) for both memories. */
  private static final float MEMORY_SIGMA = 0.001f;

  private final Ops tf;
  private final long channels;
  private final Linear keys;
  private final Linear values;

  ExternalAttention(ModelScope scope, long channels) {
    if (channels % HEADS != 0) {
      throw new IllegalArgumentException("MHEA: " + channels + " channels do not split into "
          + HEADS + " heads");
    }
    this.tf = scope.tf();
    this.channels = channels;
    long headDim = channels / HEADS;
    this.keys = new Linear(scope.sub("mk"), headDim, MEMORY,
        new NormalInit(MEMORY_SIGMA, scope.nextSeed()), false);
    this.values = new Linear(scope.sub("mv"), MEMORY, headDim,
        new NormalInit(MEMORY_SIGMA, scope.nextSeed()), false);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Shapes.requireMap("MHEA", x, channels);
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    if (h != w) {
      // The official code asserts a square map.
      throw new IllegalArgumentException("MHEA: expected a square map, got " + x.shape());
    }
    long tokens = h * w;
    Operand<TFloat32> perHead = tf.linalg.transpose(
        tf.reshape(x, tf.constant(new long[] {-1, tokens, HEADS, channels / HEADS})),
        tf.constant(new int[] {0, 2, 1, 3}));
    // [B,heads,N,64]; Softmax works on the last axis, so the token axis goes there and back.
    Operand<TFloat32> scores = keys.apply(perHead);
    int[] swap = {0, 1, 3, 2};
    Operand<TFloat32> attention = tf.linalg.transpose(
        tf.nn.softmax(tf.linalg.transpose(scores, tf.constant(swap))), tf.constant(swap));
    attention = tf.math.div(attention,
        tf.reduceSum(attention, tf.constant(3), ReduceSum.keepDims(true)));
    Operand<TFloat32> read = tf.linalg.transpose(values.apply(attention),
        tf.constant(new int[] {0, 2, 1, 3}));
    return tf.reshape(read, tf.constant(new long[] {-1, h, w, channels}));
  }
}
