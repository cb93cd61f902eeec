package org.screening.workers.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GeluTest {

  @Test
  void geluIsTheExactErfFormNotTheTanhApproximation() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var y = Gelu.apply(tf, tf.constant(new float[] {-2f, -0.5f, 0f, 1f, 3f}));
      try (TFloat32 t = (TFloat32) s.runner().fetch(y).run().get(0)) {
        float[] out = new float[5];
        t.copyTo(DataBuffers.of(out));
        // x * Phi(x) from the normal CDF; the tanh form gives 0.841192 at 1 and -0.045402 at -2.
        assertArrayEquals(new float[] {-0.0455003f, -0.1542688f, 0f, 0.8413447f, 2.9959503f},
            out, 1e-6f);
      }
    }
  }
}
