package org.screening.workers.model.layers;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * 2-D convolution with same padding. By default stride 1, with bias, Glorot-uniform (Keras
 * {@code Conv2D} defaults); the zoo models choose stride, bias and initialisation. Same padding
 * at stride 2 pads (0,1) where PyTorch pads (1,1): equivalent when training from scratch, and
 * Conv2D's EXPLICIT padding is not an option (its gradient fails at run time).
 */
public final class Conv2dLayer {

  private final Ops tf;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;
  private final long stride;

  public Conv2dLayer(ModelScope scope, long inChannels, long filters, int size) {
    this(scope, inChannels, filters, size, 1, true, Init.GLOROT_UNIFORM);
  }

  public Conv2dLayer(ModelScope scope, long inChannels, long filters, int size, int stride,
      boolean withBias, Init init) {
    this.tf = scope.tf();
    this.stride = stride;
    Shape shape = Shape.of(size, size, inChannels, filters);
    long fanIn = (long) size * size * inChannels;
    this.kernel = scope.weight("kernel", shape,
        init.kernel(scope, shape, fanIn, (long) size * size * filters));
    this.bias = withBias ? scope.weight("bias", Shape.of(filters), init.bias(scope, fanIn)) : null;
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    Layers.requireImage("Conv2D", x);
    Layers.requireChannels("Conv2D", x, kernel.shape().get(2));
    Operand<TFloat32> y = tf.nn.conv2d(x, kernel, List.of(1L, stride, stride, 1L), "SAME");
    return bias == null ? y : tf.nn.biasAdd(y, bias);
  }
}
