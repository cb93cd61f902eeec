package org.screening.workers.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

class HybridCnnAttentionTest {

  private static final int CLASSES = 8;
  private static final int MASK_CLASSES = 2;

  /** Figures printed by /work/shared/zoo/count_params.py (MODELS.md 6). */
  @ParameterizedTest(name = "{0}, {1} mask classes")
  @CsvSource({"IMAGENET_224, 0, 11968712", "MEDMNIST_28, 0, 11961032",
      "IMAGENET_224, 2, 14292170"})
  void trainableParameterCountMatchesTheSpecsCounter(ResNet18Trunk.Stem stem, int maskClasses,
      long expected) {
    try (Graph g = new Graph()) {
      ModelScope scope = new ModelScope(Ops.create(g), 1);
      Ops tf = scope.tf();
      new HybridCnnAttention(scope, stem, CLASSES, maskClasses).forward(tf.placeholder(
          TFloat32.class, Placeholder.shape(Shape.of(-1, stem.inputSize(), stem.inputSize(), 3))),
          true);
      assertEquals(expected, scope.trainableParameterCount());
    }
  }

  @Test
  void oneAdamStepAt28PixelsOnClassesAndMasksGivesAFiniteLossAndMovesWeightsDownToTheStem() {
    int batch = 2;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelScope scope = new ModelScope(tf, 7);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 28, 28, 3)));
      HybridOutput out = new HybridCnnAttention(scope, ResNet18Trunk.Stem.MEDMNIST_28, CLASSES,
          MASK_CLASSES).forward(image, true);
      Operand<TFloat32> classLoss = crossEntropy(tf, out.classification().logits(),
          tf.oneHot(tf.constant(new int[] {1, 6}), tf.constant(CLASSES), tf.constant(1f),
              tf.constant(0f)), CLASSES);
      // Foreground in every other image column.
      int[][][] mask = new int[batch][28][28];
      for (int[][] m : mask) {
        for (int[] row : m) {
          for (int x = 0; x < 28; x += 2) {
            row[x] = 1;
          }
        }
      }
      Operand<TFloat32> maskLoss = crossEntropy(tf, out.maskLogits(), tf.oneHot(tf.constant(mask),
          tf.constant(MASK_CLASSES), tf.constant(1f), tf.constant(0f)), MASK_CLASSES);
      Operand<TFloat32> loss = tf.math.add(classLoss, maskLoss);
      List<Op> step = AdamStep.targets(g, tf, scope, loss, 1e-3f);
      Variable<TFloat32> stem = ModelTensors.weight(scope, "trunk/conv1/kernel");
      Variable<TFloat32> decoder = ModelTensors.weight(scope, "segmentation/up1/conv/kernel");
      try (Session s = new Session(g); TFloat32 images = ModelTensors.ramp(Shape.of(batch, 28, 28, 3))) {
        s.initialize();
        float[] stemBefore = ModelTensors.values(s, stem);
        float[] decoderBefore = ModelTensors.values(s, decoder);
        Session.Runner runner = s.runner().feed(image, images).fetch(loss)
            .fetch(out.classification().prediction()).fetch(out.attention())
            .fetch(out.maskPrediction());
        step.forEach(runner::addTarget);
        try (Result r = runner.run()) {
          float value = ((TFloat32) r.get(0)).getFloat();
          assertTrue(Float.isFinite(value) && value > 0, "loss " + value);
          assertEquals(Shape.of(batch, CLASSES), r.get(1).shape());
          assertEquals(Shape.of(batch, 7 * 7, 7 * 7), r.get(2).shape());
          assertEquals(Shape.of(batch, 28, 28, MASK_CLASSES), r.get(3).shape());
        }
        assertFalse(Arrays.equals(stemBefore, ModelTensors.values(s, stem)), "stem unchanged");
        assertFalse(Arrays.equals(decoderBefore, ModelTensors.values(s, decoder)),
            "decoder unchanged");
      }
    }
  }

  /** Mean softmax cross-entropy over all leading axes (the op takes [rows, classes] only). */
  private static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits,
      Operand<TFloat32> oneHot, long classes) {
    Operand<TFloat32> rows = tf.reshape(logits, tf.constant(new long[] {-1, classes}));
    Operand<TFloat32> labels = tf.reshape(oneHot, tf.constant(new long[] {-1, classes}));
    return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(rows, labels).loss(),
        tf.constant(0));
  }
}
