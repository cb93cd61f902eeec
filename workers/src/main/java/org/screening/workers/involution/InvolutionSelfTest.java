package org.screening.workers.involution;

import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Known-answer test run when the op library loads: a 3x3 ramp convolved with an all-ones 3x3
 * involution kernel gives its zero-padded neighbourhood sums. A library that registers but
 * computes garbage (a bad build, a wrong CPU dispatch) is refused before any model uses it.
 */
final class InvolutionSelfTest {

  private static final float[] RAMP = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  private static final float[] NEIGHBOURHOOD_SUMS = {12, 21, 16, 27, 45, 33, 24, 39, 28};

  private InvolutionSelfTest() {}

  static void run() {
    float[] ones = new float[9 * 9];
    Arrays.fill(ones, 1f);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(1, 3, 3, 1), DataBuffers.of(RAMP));
      Operand<TFloat32> kernel = tf.constant(Shape.of(1, 3, 3, 1, 9), DataBuffers.of(ones));
      Operand<TFloat32> y = InvolutionOp.build(tf.scope(), x, kernel, 3, 1);
      try (TFloat32 out = (TFloat32) s.runner().fetch(y).run().get(0)) {
        float[] got = new float[9];
        out.copyTo(DataBuffers.of(got));
        if (!Arrays.equals(got, NEIGHBOURHOOD_SUMS)) {
          throw new IllegalStateException("Involution op library failed its self-test: expected "
              + Arrays.toString(NEIGHBOURHOOD_SUMS) + ", got " + Arrays.toString(got));
        }
      }
    }
  }
}
