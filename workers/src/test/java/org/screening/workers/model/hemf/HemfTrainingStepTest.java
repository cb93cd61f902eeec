package org.screening.workers.model.hemf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.screening.workers.training.AdamStep;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class HemfTrainingStepTest {

  private static final int SIZE = 64;
  private static final int BATCH = 2;
  private static final int CLASSES = 7;

  @Test
  void oneAdamStepAt64PixelsGivesAFiniteLossAndMovesWeightsAndRunningStatistics() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelScope scope = new ModelScope(tf.withSubScope("hemf"), 11);
      Hemf model = new Hemf(scope, CLASSES);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
      ModelOutput train = model.apply(image, true);
      Operand<TFloat32> labels = tf.oneHot(tf.constant(new int[] {0, 3}), tf.constant(CLASSES),
          tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> loss = tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(train.logits(), labels).loss(), tf.constant(0));
      List<Variable<TFloat32>> weights = scope.weights();
      List<Op> step = AdamStep.targets(g, tf, scope, loss, 1e-4f);
      ModelOutput inference = model.apply(image, false);
      // The local stem is the first layer: it moves only if the gradient crossed the whole net.
      Variable<TFloat32> stem = weights.get(0);
      assertEquals(Shape.of(4, 4, 3, 96), stem.shape());
      // The first statistic: fusion block 1's W_l BatchNorm running mean, starting at 0.
      Variable<TFloat32> runningMean = scope.variables().get(weights.size());

      try (Session s = new Session(g); TFloat32 pixels = pixels()) {
        s.initialize();
        float before = first(s, stem);
        assertEquals(0f, first(s, runningMean));
        Session.Runner runner = s.runner().feed(image, pixels).fetch(loss).fetch(train.logits());
        step.forEach(runner::addTarget);
        try (Result r = runner.run()) {
          float value = ((TFloat32) r.get(0)).getFloat();
          assertTrue(Float.isFinite(value), "loss " + value);
          assertEquals(Shape.of(BATCH, CLASSES), r.get(1).shape());
        }
        assertNotEquals(before, first(s, stem));
        assertNotEquals(0f, first(s, runningMean));
        try (Result r = s.runner().feed(image, pixels).fetch(inference.prediction())
            .fetch(inference.featureMap()).run()) {
          assertEquals(Shape.of(BATCH, CLASSES), r.get(0).shape());
          assertEquals(Shape.of(BATCH, SIZE / 32, SIZE / 32, 768), r.get(1).shape());
        }
      }
    }
  }

  private static float first(Session s, Variable<TFloat32> v) {
    try (Result r = s.runner().fetch(v).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      return t.shape().numDimensions() == 1 ? t.getFloat(0) : t.getFloat(0, 0, 0, 0);
    }
  }

  /** A smooth colour ramp, different for each image. */
  private static TFloat32 pixels() {
    TFloat32 t = TFloat32.tensorOf(Shape.of(BATCH, SIZE, SIZE, 3));
    for (int b = 0; b < BATCH; b++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          for (int c = 0; c < 3; c++) {
            t.setFloat((float) ((b + 1) * (x + 2 * y + 3 * c) % 97) / 97f, b, y, x, c);
          }
        }
      }
    }
    return t;
  }
}
