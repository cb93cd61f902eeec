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
 * k x k depthwise convolution (filter [k,k,C,1]), stride 1, SAME, with bias; initialised as
 * HEMF's branch convolutions, N(0.2) and zero bias.
 */
final class DepthwiseConv {

  private final Ops tf;
  private final int size;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  DepthwiseConv(ModelScope scope, long channels, int size) {
    this.tf = scope.tf();
    this.size = size;
    this.kernel = scope.weight("kernel", Shape.of(size, size, channels, 1),
        new NormalInit(0.2f, scope.nextSeed()));
    this.bias = scope.weight("bias", Shape.of(channels), new Zeros<>());
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Shapes.requireChannels("DW" + size + "x" + size, x, kernel.shape().get(2));
    return tf.nn.biasAdd(
        tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
  }
}
