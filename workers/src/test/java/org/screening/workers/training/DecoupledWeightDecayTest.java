package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One Adam step from theta = 2 on loss 0.5 * sum(theta) (gradient 0.5) at lr 0.1, wd 0.01.
 * Adam's first step moves a weight by lr * g / |g| = lr whatever the gradient's size, so
 * AdamW gives 2 * (1 - 0.1 * 0.01) - 0.1 = 1.898, while the same decay as L2 in the gradient
 * (g = 0.5 + 0.01 * 2) gives 2 - 0.1 = 1.9: Adam's scaling cancels it.
 */
class DecoupledWeightDecayTest {

  private static final float LR = 0.1f;
  private static final float WD = 0.01f;

  @Test
  void adamWShrinksAMatrixByLrTimesDecayBeforeAdamsStepUnlikeL2InTheGradient() {
    assertEquals(2 * (1 - LR * WD) - LR, stepFromTwo(Shape.of(1, 1), WD, 0), 1e-6);
    assertEquals(2 - LR, stepFromTwo(Shape.of(1, 1), 0, WD), 1e-6);
  }

  @Test
  void adamWLeavesBiasesAndNormScalesUndecayed() {
    assertEquals(2 - LR, stepFromTwo(Shape.of(1), WD, 0), 1e-6);
  }

  /** theta after one step; {@code l2} adds l2 / 2 * theta^2 to the loss. */
  private static float stepFromTwo(Shape shape, float decoupled, float l2) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ModelScope scope = new ModelScope(tf, 0);
      Variable<TFloat32> theta = scope.weight("theta", shape,
          (ops, dims, type) -> ops.fill(dims, ops.constant(2f)));
      int[] axes = shape.numDimensions() == 2 ? new int[] {0, 1} : new int[] {0};
      // theta * theta, not Square: Square's gradient on a variable crashes TF 2.x's C API here.
      Operand<TFloat32> loss = tf.reduceSum(tf.math.add(tf.math.mul(tf.constant(0.5f), theta),
          tf.math.mul(tf.constant(l2 / 2), tf.math.mul(theta, theta))), tf.constant(axes));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {theta.asOutput()});
      Op step = AdamOptimizer.minimize(tf, scope.weights(), grads, tf.constant(LR), 1e-8f,
          decoupled);
      s.initialize();
      s.runner().addTarget(step).run();
      try (Result r = s.runner().fetch(theta).run()) {
        return ((TFloat32) r.get(0)).getFloat(new long[shape.numDimensions()]);
      }
    }
  }
}
