package org.screening.workers.model.hemf;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A convolution of HEMF's two branches (patchify stems, downsampling, ELF 3x3), with bias,
 * initialised as the official {@code _init_weights} does: N(0.2) [sic; probably meant 0.02, the
 * LayerNorms that follow absorb the scale] and zero bias; layers/Init has no such scheme. Stride 1
 * pads SAME (PyTorch's {@code (k-1)/2} for odd k); stride = kernel pads VALID.
 */
final class Conv {

  private static final float SIGMA = 0.2f;

  private final Ops tf;
  private final int size;
  private final int stride;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  Conv(ModelScope scope, long in, long out, int size, int stride) {
    if (stride != 1 && stride != size) {
      throw new IllegalArgumentException("Conv: stride " + stride + " with kernel " + size
          + " has no padding here; only stride 1 (SAME) or stride = kernel (VALID)");
    }
    this.tf = scope.tf();
    this.size = size;
    this.stride = stride;
    this.kernel = scope.weight("kernel", Shape.of(size, size, in, out),
        new NormalInit(SIGMA, scope.nextSeed()));
    this.bias = scope.weight("bias", Shape.of(out), new Zeros<>());
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Shapes.requireChannels("Conv" + size + "x" + size, x, kernel.shape().get(2));
    Operand<TFloat32> y = tf.nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L),
        stride == 1 ? "SAME" : "VALID");
    return tf.nn.biasAdd(y, bias);
  }
}
