package org.screening.workers.model.hemf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class HemfParameterCountTest {

  /**
   * BatchNorm running means and variances: variables here but not trainable. count_params.py's
   * 23,040 also counts the buffers of the five BNs in modules the forward pass never uses
   * (HEF1 Updim and W3, 96 channels each; HEF2-4 W, 192/384/768): 23,040 - 2 x 1,536.
   */
  private static final long BN_BUFFERS = 19_968;

  @ParameterizedTest(name = "{0} px, {1} classes")
  // count_params.py: 66,672,880 + 769 per class at any legal input size, so the paper's input
  // and the smallest legal one cover it (each build costs a minute on two shared cores).
  @CsvSource({"224, 7, 66678263", "32, 2, 66674418"})
  void trainableParametersEqualTheReferenceCount(int size, int classes, long expected) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelScope scope = new ModelScope(tf.withSubScope("hemf"), 1);
      new Hemf(scope, classes).apply(tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, size, size, 3))), false);
      long trainable = scope.weights().stream().mapToLong(v -> v.shape().size()).sum();
      assertEquals(expected, trainable);
      assertEquals(expected + BN_BUFFERS, graphVariableScalars(g));
    }
  }

  @Test
  void inputWhoseLastStageWouldVanishIsRejectedAtBuildTime() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Hemf model = new Hemf(new ModelScope(tf, 1), 7);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.apply(tf.placeholder(TFloat32.class,
              Placeholder.shape(Shape.of(-1, 28, 28, 3))), false));
      assertTrue(e.getMessage().contains("[-1, 28, 28, 3]"), e.getMessage());
    }
  }

  /** Every variable op in the graph, whoever created it. */
  private static long graphVariableScalars(Graph g) {
    long total = 0;
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals(Variable.OP_NAME)) {
        total += op.output(0).shape().size();
      }
    }
    return total;
  }
}
