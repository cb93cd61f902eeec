package org.screening.workers.model.layers;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** 2x2 transposed convolution with stride 2 and bias: the U-Net's up-sampling step. */
public final class TransposedConv2dLayer {

  private final Ops tf;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;
  private final long filters;

  public TransposedConv2dLayer(ModelScope scope, long inChannels, long filters) {
    this.tf = scope.tf();
    this.filters = filters;
    // Conv2DBackpropInput's filter is [h, w, out, in]: the forward conv it transposes maps out->in.
    Shape shape = Shape.of(2, 2, filters, inChannels);
    this.kernel = scope.weight("kernel", shape, new GlorotUniform(shape, scope.nextSeed()));
    this.bias = scope.weight("bias", Shape.of(filters), new Zeros<>());
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    Layers.requireChannels("Conv2DTranspose", x, kernel.shape().get(3));
    Shape in = x.shape();
    Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TInt32> outputShape = tf.concat(List.of(batch, tf.constant(new int[] {
        (int) in.get(1) * 2, (int) in.get(2) * 2, (int) filters})), tf.constant(0));
    Operand<TFloat32> up = tf.nn.conv2dBackpropInput(
        outputShape, kernel, x, List.of(1L, 2L, 2L, 1L), "SAME");
    return tf.nn.biasAdd(up, bias);
  }
}
