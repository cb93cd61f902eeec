package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch's nn.Linear on the last axis of a tensor of any rank whose other axes, batch apart, are
 * static: one MatMul on [tokens, in].
 */
final class Linear {

  private final Ops tf;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  /** Weight drawn by {@code kernelInit}; a zero bias when {@code withBias}. */
  Linear(ModelScope scope, long in, long out, Initializer<TFloat32> kernelInit, boolean withBias) {
    this.tf = scope.tf();
    this.kernel = scope.weight("kernel", Shape.of(in, out), kernelInit);
    this.bias = withBias ? scope.weight("bias", Shape.of(out), new Zeros<>()) : null;
  }

  /** HEMF's branch and head Linears: N(0.02), zero bias (its _init_weights overrides RMT's). */
  static Linear branch(ModelScope scope, long in, long out) {
    return new Linear(scope, in, out, new NormalInit(0.02f, scope.nextSeed()), true);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    long in = kernel.shape().get(0);
    Shapes.requireChannels("Linear", x, in);
    long[] outShape = x.shape().asArray();
    for (int i = 1; i < outShape.length - 1; i++) {
      if (outShape[i] < 0) {
        throw new IllegalArgumentException("Linear: only the batch axis may be unknown, got "
            + x.shape());
      }
    }
    outShape[0] = -1;
    outShape[outShape.length - 1] = kernel.shape().get(1);
    Operand<TFloat32> y = tf.linalg.matMul(tf.reshape(x, tf.constant(new long[] {-1, in})), kernel);
    if (bias != null) {
      y = tf.math.add(y, bias);
    }
    return tf.reshape(y, tf.constant(outShape));
  }
}
