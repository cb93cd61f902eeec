package org.screening.workers.model.layers;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** 2-D convolution, stride 1, same padding, with bias (Keras {@code Conv2D} defaults). */
public final class Conv2dLayer {

  private final Ops tf;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  public Conv2dLayer(ModelScope scope, long inChannels, long filters, int size) {
    this.tf = scope.tf();
    Shape shape = Shape.of(size, size, inChannels, filters);
    this.kernel = scope.weight("kernel", shape, new GlorotUniform(shape, scope.nextSeed()));
    this.bias = scope.weight("bias", Shape.of(filters), new Zeros<>());
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    Layers.requireChannels("Conv2D", x, kernel.shape().get(2));
    return tf.nn.biasAdd(tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
  }
}
