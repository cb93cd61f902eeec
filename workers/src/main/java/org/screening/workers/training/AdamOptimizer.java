package org.screening.workers.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba) on TensorFlow's fused {@code ApplyAdam} kernel, with the usual defaults
 * beta1 0.9, beta2 0.999, epsilon 1e-7 (HEMF's recipe sets 1e-8), and optionally AdamW's
 * decoupled weight decay ({@link DecoupledWeightDecay}). Written here rather than taken from
 * tensorflow-framework 1.0.0, whose optimisers name slots after their variables and reject names
 * with scopes in them.
 */
final class AdamOptimizer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-7f;

  private AdamOptimizer() {}

  /** One op that applies {@code gradients[i]} to {@code weights.get(i)} and advances the step. */
  static Op minimize(Ops tf, List<Variable<TFloat32>> weights, Output<?>[] gradients,
      float learningRate) {
    return minimize(tf, weights, gradients, tf.constant(learningRate), EPSILON, 0);
  }

  /**
   * As above with a learning rate the caller may feed per step (a schedule), an epsilon, and a
   * decoupled weight decay applied to every matrix or filter before its update (0: plain Adam).
   */
  static Op minimize(Ops tf, List<Variable<TFloat32>> weights, Output<?>[] gradients,
      Operand<TFloat32> learningRate, float epsilon, float weightDecay) {
    Ops adam = tf.withSubScope("adam");
    Variable<TFloat32> beta1Power = adam.withName("beta1_power").variable(adam.constant(BETA1));
    Variable<TFloat32> beta2Power = adam.withName("beta2_power").variable(adam.constant(BETA2));
    // ApplyAdam overwrites its weight in place, and the backward pass of the layers below reads
    // that same buffer (a MatMul's input gradient reads its weight): an update that ran as soon as
    // its own gradient was ready raced those reads, so each run trained on different values.
    // Every update therefore waits for every gradient.
    List<Op> gradientOps = new ArrayList<>();
    for (Output<?> g : gradients) {
      gradientOps.add(adam.identity(g));
    }
    Ops gated = adam.withControlDependencies(gradientOps);
    // The decay scales the weights the gradients were computed on, then Adam moves them:
    // theta * (1 - lr * wd) - lr * m / (sqrt(v) + eps), PyTorch's AdamW order.
    List<Op> decays = DecoupledWeightDecay.ops(gated, weights, learningRate, weightDecay);
    if (!decays.isEmpty()) {
      gated = gated.withControlDependencies(decays);
    }
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      Variable<TFloat32> w = weights.get(i);
      // Zeros of w's shape, not zerosLike(w): that reads w, so the slots could only be
      // initialised after w, which holds only while Grappler happens to fold it away.
      Variable<TFloat32> m = adam.withName("m" + i).variable(
          adam.zeros(adam.constant(w.shape()), TFloat32.class));
      Variable<TFloat32> v = adam.withName("v" + i).variable(
          adam.zeros(adam.constant(w.shape()), TFloat32.class));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) gradients[i];
      updates.add(gated.train.applyAdam(w, m, v, beta1Power, beta2Power,
          learningRate, adam.constant(BETA1), adam.constant(BETA2),
          adam.constant(epsilon), grad));
    }
    // The bias-correction powers advance only after every weight has used this step's values.
    Ops after = adam.withControlDependencies(updates);
    Op advance1 = after.assign(beta1Power, after.math.mul(beta1Power, after.constant(BETA1)));
    Op advance2 = after.assign(beta2Power, after.math.mul(beta2Power, after.constant(BETA2)));
    return adam.withControlDependencies(List.of(advance1, advance2)).withName("step").noOp();
  }
}
