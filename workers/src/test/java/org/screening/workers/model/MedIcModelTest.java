package org.screening.workers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class MedIcModelTest {

  private static long parameters(ModelKind kind, int involutionLayers, int classes) {
    try (Graph g = new Graph()) {
      ModelScope scope = new ModelScope(Ops.create(g), 1);
      kind.create(scope, involutionLayers, classes);
      return scope.parameterCount();
    }
  }

  @ParameterizedTest(name = "{0} involution layers")
  @CsvSource({"0, 6988113", "1, 6988139", "2, 6988165", "3, 6988191"})
  void segmentationParameterCountMatchesThePaper(int involutionLayers, long expected) {
    assertEquals(expected, parameters(ModelKind.MEDIC_SEG, involutionLayers, 1));
  }

  @Test
  void eachExtraClassifierInvolutionLayerAddsFortyThreeParameters() {
    long plain = parameters(ModelKind.MEDIC_CLS, 0, 3);
    assertEquals(43, parameters(ModelKind.MEDIC_CLS, 1, 3) - plain);
    assertEquals(2 * 43, parameters(ModelKind.MEDIC_CLS, 2, 3) - plain);
  }

  @Test
  void classifierGivesOneProbabilityDistributionPerImageAndAKernelMap() {
    int batch = 4;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 28, 28, 3)));
      ModelOutput out = ModelKind.MEDIC_CLS.create(new ModelScope(tf, 3), 1, 5).apply(image, false);
      try (TFloat32 in = ramp(Shape.of(batch, 28, 28, 3));
          Result r = s.runner().feed(image, in).fetch(out.prediction())
              .fetch(out.involutionKernel()).run()) {
        TFloat32 p = (TFloat32) r.get(0);
        assertEquals(Shape.of(batch, 5), p.shape());
        for (int b = 0; b < batch; b++) {
          float sum = 0;
          for (int c = 0; c < 5; c++) {
            sum += p.getFloat(b, c);
          }
          assertEquals(1f, sum, 1e-5f);
        }
        assertEquals(Shape.of(batch, 28, 28, 1, 9), r.get(1).shape());
      }
    }
  }

  @Test
  void plainUNetHasNoKernelMapAndMasksInUnitRange() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> image = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 128, 128, 3)));
      ModelOutput out = ModelKind.MEDIC_SEG.create(new ModelScope(tf, 3), 0, 1).apply(image, false);
      assertNull(out.involutionKernel());
      try (TFloat32 in = ramp(Shape.of(1, 128, 128, 3));
          Result r = s.runner().feed(image, in).fetch(out.prediction()).run()) {
        TFloat32 mask = (TFloat32) r.get(0);
        assertEquals(Shape.of(1, 128, 128, 1), mask.shape());
        float v = mask.getFloat(0, 64, 64, 0);
        assertTrue(v > 0f && v < 1f, "sigmoid output " + v);
      }
    }
  }

  /** An image batch with values spread over [0,1). */
  private static TFloat32 ramp(Shape shape) {
    float[] pixels = new float[(int) shape.size()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i % 97) / 97f;
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(pixels));
  }
}
