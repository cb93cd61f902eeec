package org.screening.workers.model.layers;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Fully connected layer {@code x W + b} on [batch, features]; Glorot-uniform unless told. */
public final class DenseLayer {

  private final Ops tf;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  public DenseLayer(ModelScope scope, long inFeatures, long units) {
    this(scope, inFeatures, units, Init.GLOROT_UNIFORM);
  }

  public DenseLayer(ModelScope scope, long inFeatures, long units, Init init) {
    this.tf = scope.tf();
    Shape shape = Shape.of(inFeatures, units);
    this.kernel = scope.weight("kernel", shape, init.kernel(scope, shape, inFeatures, units));
    this.bias = scope.weight("bias", Shape.of(units), init.bias(scope, inFeatures));
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    if (x.shape().numDimensions() != 2 || x.shape().get(1) != kernel.shape().get(0)) {
      throw new IllegalArgumentException("Dense: expected input [batch, " + kernel.shape().get(0)
          + "], got " + x.shape());
    }
    return tf.math.add(tf.linalg.matMul(x, kernel), bias);
  }
}
