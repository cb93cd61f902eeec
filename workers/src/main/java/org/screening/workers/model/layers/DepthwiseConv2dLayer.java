package org.screening.workers.model.layers;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Depthwise kxk convolution (one filter per channel), stride 1, same padding, with bias. */
public final class DepthwiseConv2dLayer {

  private final Ops tf;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  public DepthwiseConv2dLayer(ModelScope scope, long channels, int size, Init init) {
    this.tf = scope.tf();
    Shape shape = Shape.of(size, size, channels, 1);
    // Each filter sees one channel: fan-in k*k, fan-out C*k*k, as PyTorch counts them for
    // groups = channels.
    long fanIn = (long) size * size;
    this.kernel = scope.weight("kernel", shape,
        init.kernel(scope, shape, fanIn, channels * fanIn));
    this.bias = scope.weight("bias", Shape.of(channels), init.bias(scope, fanIn));
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    Layers.requireImage("DepthwiseConv2D", x);
    Layers.requireChannels("DepthwiseConv2D", x, kernel.shape().get(2));
    return tf.nn.biasAdd(
        tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
  }
}
