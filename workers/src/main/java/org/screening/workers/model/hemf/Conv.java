package org.screening.workers.model.hemf;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * k x k convolution with an HWIO filter, optional bias. Stride 1 pads SAME (PyTorch's
 * {@code (k-1)/2} for odd k); stride = kernel (patchify and downsampling) pads VALID. EXPLICIT
 * padding is avoided: its gradient builds but fails at run time in TF Java 1.1.0.
 */
final class Conv {

  private final Ops tf;
  private final int size;
  private final int stride;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  /**
   * A convolution whose weight is drawn by {@code kernelInit} and whose bias, if {@code biasInit}
   * is not null, by {@code biasInit}.
   */
  Conv(ModelScope scope, long in, long out, int size, int stride, Initializer<TFloat32> kernelInit,
      Initializer<TFloat32> biasInit) {
    if (stride != 1 && stride != size) {
      throw new IllegalArgumentException("Conv: stride " + stride + " with kernel " + size
          + " has no padding here; only stride 1 (SAME) or stride = kernel (VALID)");
    }
    this.tf = scope.tf();
    this.size = size;
    this.stride = stride;
    this.kernel = scope.weight("kernel", Shape.of(size, size, in, out), kernelInit);
    this.bias = biasInit == null ? null : scope.weight("bias", Shape.of(out), biasInit);
  }

  /** HEMF's branch convolutions: N(0.2) weights [sic, as the official code], zero bias. */
  static Conv branch(ModelScope scope, long in, long out, int size, int stride) {
    return new Conv(scope, in, out, size, stride, new NormalInit(0.2f, scope.nextSeed()),
        new Zeros<>());
  }

  /** A fusion-block convolution with PyTorch's default initialisation. */
  static Conv fusion(ModelScope scope, long in, long out, int size, boolean withBias) {
    long fanIn = in * size * size;
    return new Conv(scope, in, out, size, 1, new FanInUniform(fanIn, scope.nextSeed()),
        withBias ? new FanInUniform(fanIn, scope.nextSeed()) : null);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Shapes.requireChannels("Conv" + size + "x" + size, x, kernel.shape().get(2));
    Operand<TFloat32> y = tf.nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L),
        stride == 1 ? "SAME" : "VALID");
    return bias == null ? y : tf.nn.biasAdd(y, bias);
  }
}
