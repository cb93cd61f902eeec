package org.screening.workers.training;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A training step built the way {@link TrainingGraph} builds it (Graph.addGradients for every
 * weight, the project's Adam, the scope's BN statistics updates), for model tests in other
 * packages that must train a graph they build themselves.
 */
public final class AdamStep {

  private AdamStep() {}

  /** The ops one step must run, for a loss on a model whose variables live in {@code scope}. */
  public static List<Op> targets(Graph graph, Ops tf, ModelScope scope, Operand<TFloat32> loss,
      float learningRate) {
    List<Variable<TFloat32>> weights = scope.weights();
    Output<?>[] grads = graph.addGradients(loss.asOutput(),
        weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new));
    List<Op> targets = new ArrayList<>();
    targets.add(AdamOptimizer.minimize(tf, weights, grads, learningRate));
    targets.addAll(scope.trainingUpdates());
    return targets;
  }
}
