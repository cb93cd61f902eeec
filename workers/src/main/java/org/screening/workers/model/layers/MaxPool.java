package org.screening.workers.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** kxk max-pooling with same padding (ResNet's 3x3/2 stem pool: 112 -> 56). */
public final class MaxPool {

  private MaxPool() {}

  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, int size, int stride) {
    Layers.requireImage("MaxPool", x);
    return tf.nn.maxPool(x, tf.constant(new int[] {1, size, size, 1}),
        tf.constant(new int[] {1, stride, stride, 1}), "SAME");
  }
}
