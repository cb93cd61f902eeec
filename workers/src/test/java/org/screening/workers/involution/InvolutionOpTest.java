package org.screening.workers.involution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

class InvolutionOpTest {

  /** x [B,H,W,C], groups G, kernel size K, dilation. */
  record Case(int b, int h, int w, int c, int g, int k, int dilation) {
    Shape xShape() {
      return Shape.of(b, h, w, c);
    }

    Shape kernelShape() {
      return Shape.of(b, h, w, g, (long) k * k);
    }

    @Override
    public String toString() {
      return "x[" + b + "," + h + "," + w + "," + c + "] G" + g + " K" + k + " d" + dilation;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(1, 1, 1, 1, 1, 1, 1),
        new Case(2, 7, 5, 3, 1, 3, 1),
        new Case(1, 9, 11, 4, 2, 3, 2),
        new Case(3, 6, 8, 16, 4, 5, 1),
        new Case(2, 5, 5, 3, 1, 7, 2),
        new Case(1, 13, 3, 6, 3, 3, 1));
  }

  /**
   * Seeded random shapes: channels per group from 1 to 32 (whole vectors, fractions of one,
   * neither), up to four groups, K up to 7, dilations whose taps leave the image, and a few
   * large enough for the op's thread pool to split them.
   */
  static Stream<Case> randomCases() {
    Random random = new Random(20261203);
    int[] perGroup = {1, 2, 3, 4, 5, 8, 16, 32};
    return Stream.generate(() -> {
      int g = 1 + random.nextInt(4);
      int k = 1 + 2 * random.nextInt(4);
      boolean large = random.nextInt(4) == 0;
      int side = large ? 48 : 24;
      return new Case(1 + random.nextInt(large ? 4 : 3), 1 + random.nextInt(side),
          1 + random.nextInt(side), g * perGroup[random.nextInt(perGroup.length)], g, k,
          k == 1 ? 1 : 1 + random.nextInt(3));
    }).limit(24);
  }

  @BeforeAll
  static void loadLibrary() {
    InvolutionLibrary.load();
  }

  @Test
  void loadsLibraryFromJarAndRecordsItsSha256() throws Exception {
    InvolutionLibrary library = InvolutionLibrary.load();
    assertTrue(Files.isRegularFile(library.path()), "library copied to " + library.path());
    assertEquals(InvolutionLibrary.sha256(Files.readAllBytes(library.path())), library.sha256());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardMatchesStandardOpComposite(Case c) {
    float[][] got = runFloat(c, false);
    float[][] want = runFloat(c, true);
    assertClose(want[0], got[0], 1e-5, "y " + c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchStandardOpComposite(Case c) {
    float[][] got = runFloat(c, false);
    float[][] want = runFloat(c, true);
    assertClose(want[1], got[1], 1e-5, "dx " + c);
    assertClose(want[2], got[2], 1e-5, "dkernel " + c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("randomCases")
  void randomShapesMatchTheComposite(Case c) {
    float[][] got = runFloat(c, false);
    float[][] want = runFloat(c, true);
    assertClose(want[0], got[0], 1e-5, "y " + c);
    assertClose(want[1], got[1], 1e-5, "dx " + c);
    assertClose(want[2], got[2], 1e-5, "dkernel " + c);
  }

  /**
   * The composite's kernel gradient is one Concat of the taps' gradients: cutting each tap with
   * its own Slice padded each tap's gradient back to the whole kernel, O(K^4) traffic.
   */
  @Test
  void compositeKernelGradientConcatenatesTheTapsRatherThanPaddingEach() {
    Case c = new Case(1, 6, 6, 4, 2, 5, 1);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(c.xShape()));
      Placeholder<TFloat32> kernel =
          tf.placeholder(TFloat32.class, Placeholder.shape(c.kernelShape()));
      Operand<TFloat32> y = InvolutionComposite.create(tf, x, kernel, c.k(), c.dilation());
      g.addGradients(tf.reduceSum(y, tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
          new Output<?>[] {x.asOutput(), kernel.asOutput()});
      long kernelSized = 0;
      for (var it = g.operations(); it.hasNext(); ) {
        var op = it.next();
        if (op.type().equals("Pad") && op.output(0).shape().equals(c.kernelShape())) {
          kernelSized++;
        }
      }
      assertEquals(0, kernelSized, "kernel-sized Pad ops in the composite's gradient");
    }
  }

  @Test
  void float64GradientsMatchFiniteDifferences() {
    Case c = new Case(2, 4, 5, 4, 2, 3, 1);
    Random random = new Random(7);
    double[] x = randomDoubles(random, c.xShape());
    double[] kernel = randomDoubles(random, c.kernelShape());
    double[] weights = randomDoubles(random, c.xShape());
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat64> xIn = tf.placeholder(TFloat64.class,
          Placeholder.shape(c.xShape()));
      Placeholder<TFloat64> kIn = tf.placeholder(TFloat64.class,
          Placeholder.shape(c.kernelShape()));
      Operand<TFloat64> y = InvolutionOp.create(tf.scope(), xIn, kIn, c.k(), c.dilation());
      Operand<TFloat64> loss = tf.reduceSum(
          tf.math.mul(y, tf.constant(c.xShape(), DataBuffers.of(weights))),
          tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {
          xIn.asOutput(), kIn.asOutput()});
      BiFunction<double[], double[], Result> run = (xv, kv) -> {
        try (TFloat64 xt = TFloat64.tensorOf(c.xShape(), DataBuffers.of(xv));
            TFloat64 kt = TFloat64.tensorOf(c.kernelShape(), DataBuffers.of(kv))) {
          return s.runner().feed(xIn, xt).feed(kIn, kt)
              .fetch(loss).fetch(grads[0]).fetch(grads[1]).run();
        }
      };
      double[] dx;
      double[] dk;
      try (Result r = run.apply(x, kernel)) {
        dx = toDoubles((TFloat64) r.get(1));
        dk = toDoubles((TFloat64) r.get(2));
      }
      double eps = 1e-6;
      for (double[][] pair : List.of(new double[][] {x, dx}, new double[][] {kernel, dk})) {
        double[] values = pair[0];
        for (int i = 0; i < values.length; i++) {
          double saved = values[i];
          values[i] = saved + eps;
          double plus = scalar(run.apply(x, kernel));
          values[i] = saved - eps;
          double minus = scalar(run.apply(x, kernel));
          values[i] = saved;
          double numeric = (plus - minus) / (2 * eps);
          assertEquals(numeric, pair[1][i], 1e-7, "d loss / d input[" + i + "]");
        }
      }
    }
  }

  @Test
  void rejectsKernelWhoseLastDimensionIsNotKernelSizeSquaredAtGraphBuildTime() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.zeros(tf.constant(new int[] {2, 8, 8, 3}), TFloat32.class);
      Operand<TFloat32> kernel = tf.zeros(tf.constant(new int[] {2, 8, 8, 1, 25}),
          TFloat32.class);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> InvolutionOp.create(tf.scope(), x, kernel, 3, 1));
      assertTrue(e.getMessage().contains("kernel_size^2 = 9")
          && e.getMessage().contains("[2, 8, 8, 1, 25]"), e.getMessage());
    }
  }

  @Test
  void kernelReportsBothShapesWhenRuntimeShapesDisagree() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1, -1, -1)));
      Placeholder<TFloat32> kernel = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1, -1, -1, 9)));
      Operand<TFloat32> y = InvolutionOp.create(tf.scope(), x, kernel, 3, 1);
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(1, 4, 4, 3));
          TFloat32 kt = TFloat32.tensorOf(Shape.of(1, 4, 5, 1, 9))) {
        TFInvalidArgumentException e = assertThrows(TFInvalidArgumentException.class,
            () -> s.runner().feed(x, xt).feed(kernel, kt).fetch(y).run().close());
        assertTrue(e.getMessage().contains("x [1,4,4,3], kernel [1,4,5,1,9]"), e.getMessage());
      }
    }
  }

  /** Runs y, d(sum(y*w))/dx and d(sum(y*w))/dkernel with the custom op or the composite. */
  private static float[][] runFloat(Case c, boolean composite) {
    Random random = new Random(c.hashCode());
    float[] x = randomFloats(random, c.xShape());
    float[] kernel = randomFloats(random, c.kernelShape());
    float[] weights = randomFloats(random, c.xShape());
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> xc = tf.constant(c.xShape(), DataBuffers.of(x));
      Operand<TFloat32> kc = tf.constant(c.kernelShape(), DataBuffers.of(kernel));
      Operand<TFloat32> y = composite
          ? InvolutionComposite.create(tf, xc, kc, c.k(), c.dilation())
          : InvolutionOp.create(tf.scope(), xc, kc, c.k(), c.dilation());
      Operand<TFloat32> loss = tf.reduceSum(
          tf.math.mul(y, tf.constant(c.xShape(), DataBuffers.of(weights))),
          tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {
          xc.asOutput(), kc.asOutput()});
      try (Result r = s.runner().fetch(y).fetch(grads[0]).fetch(grads[1]).run()) {
        return new float[][] {
            toFloats((TFloat32) r.get(0)), toFloats((TFloat32) r.get(1)),
            toFloats((TFloat32) r.get(2))};
      }
    }
  }

  private static double scalar(Result r) {
    try (r) {
      return ((TFloat64) r.get(0)).getDouble();
    }
  }

  private static float[] randomFloats(Random random, Shape shape) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static double[] randomDoubles(Random random, Shape shape) {
    double[] v = new double[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  private static float[] toFloats(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v));
    return v;
  }

  private static double[] toDoubles(TFloat64 t) {
    double[] v = new double[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v));
    return v;
  }

  private static void assertClose(float[] want, float[] got, double tolerance, String what) {
    assertEquals(want.length, got.length, what + " length");
    for (int i = 0; i < want.length; i++) {
      double allowed = tolerance * Math.max(1, Math.abs(want[i]));
      assertEquals(want[i], got[i], allowed, what + " at " + i);
    }
  }
}
