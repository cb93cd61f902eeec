package org.screening.workers.training;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * AdamW's weight decay (Loshchilov and Hutter): {@code theta <- theta * (1 - lr * wd)} applied to
 * the weights themselves before the Adam update, not added to the gradient as L2 (which Adam's
 * per-weight scaling would mostly cancel). Only weights of two or more dimensions decay, as
 * HEMF's code sets it up: biases, LayerNorm and BatchNorm scales keep their values.
 */
final class DecoupledWeightDecay {

  private DecoupledWeightDecay() {}

  /** The decay ops, one per matrix or filter in {@code weights}; none when {@code decay} is 0. */
  static List<Op> ops(Ops tf, List<Variable<TFloat32>> weights, Operand<TFloat32> learningRate,
      float decay) {
    if (decay == 0) {
      return List.of();
    }
    Operand<TFloat32> keep = tf.math.sub(tf.constant(1f),
        tf.math.mul(learningRate, tf.constant(decay)));
    return weights.stream().filter(w -> w.shape().numDimensions() >= 2)
        .<Op>map(w -> tf.assign(w, tf.math.mul(w, keep)))
        .toList();
  }
}
