package org.screening.workers.model.medspectralnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.ModelTensors;
import org.screening.workers.model.resnet.ResNet18Trunk;
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

class MedSpectralNetTest {

  private static final int CLASSES = 8;

  /** Figures printed by /work/shared/zoo/count_params.py (MODELS.md 6). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"IMAGENET_224, 12752598", "MEDMNIST_28, 12720858"})
  void trainableParameterCountMatchesTheSpecsCounter(ResNet18Trunk.Stem stem, long expected) {
    try (Graph g = new Graph()) {
      ModelScope scope = new ModelScope(Ops.create(g), 1);
      Ops tf = scope.tf();
      new MedSpectralNet(scope, stem, CLASSES).apply(tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, stem.inputSize(), stem.inputSize(), 3))), true);
      assertEquals(expected, scope.trainableParameterCount());
    }
  }

  @Test
  void oneAdamStepAt28PixelsGivesAFiniteLossAndMovesWeightsDownToTheStem() {
    int batch = 2;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelScope scope = new ModelScope(tf, 7);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 28, 28, 3)));
      ModelOutput out = new MedSpectralNet(scope, ResNet18Trunk.Stem.MEDMNIST_28, CLASSES)
          .apply(image, true);
      assertArrayEquals(new long[] {-1, CLASSES}, out.logits().shape().asArray());
      assertArrayEquals(new long[] {-1, 4, 4, 512}, out.featureMap().shape().asArray());
      Operand<TFloat32> oneHot = tf.oneHot(tf.constant(new int[] {0, 5}), tf.constant(CLASSES),
          tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> loss = tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(out.logits(), oneHot).loss(), tf.constant(0));
      List<Op> step = AdamStep.targets(g, tf, scope, loss, 1e-3f);
      Variable<TFloat32> stem = ModelTensors.weight(scope, "trunk/conv1/kernel");
      Variable<TFloat32> head = ModelTensors.weight(scope, "classifier/kernel");
      try (Session s = new Session(g); TFloat32 images = ModelTensors.ramp(Shape.of(batch, 28, 28, 3))) {
        s.initialize();
        float[] stemBefore = ModelTensors.values(s, stem);
        float[] headBefore = ModelTensors.values(s, head);
        Session.Runner runner = s.runner().feed(image, images).fetch(loss).fetch(out.prediction());
        step.forEach(runner::addTarget);
        try (Result r = runner.run()) {
          float value = ((TFloat32) r.get(0)).getFloat();
          assertTrue(Float.isFinite(value) && value > 0, "loss " + value);
          assertEquals(Shape.of(batch, CLASSES), r.get(1).shape());
        }
        assertFalse(Arrays.equals(stemBefore, ModelTensors.values(s, stem)), "stem unchanged");
        assertFalse(Arrays.equals(headBefore, ModelTensors.values(s, head)), "head unchanged");
      }
    }
  }
}
