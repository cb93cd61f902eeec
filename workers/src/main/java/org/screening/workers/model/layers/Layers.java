package org.screening.workers.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/** Parameter-free layers and the shape checks shared by all layers. */
public final class Layers {

  private Layers() {}

  /** 2x2 max-pooling, stride 2, valid padding (odd sizes round down, as in Keras). */
  public static Operand<TFloat32> maxPool2x2(Ops tf, Operand<TFloat32> x) {
    return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
        "VALID");
  }

  /**
   * Inverted dropout: in training, zeroes a {@code rate} fraction and rescales the rest; in
   * inference it is the identity, so the serving graph carries no random op.
   */
  public static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, float rate, long seed,
      boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    // Stateful on purpose: a fresh mask every step, the sequence fixed by the seed.
    Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(seed), RandomUniform.seed2(seed + 1));
    Operand<TFloat32> keep = tf.math.floor(tf.math.add(uniform, tf.constant(1f - rate)));
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }

  /** [batch, h, w, c] to [batch, h*w*c] with static h, w, c. */
  public static Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> x) {
    long features = x.shape().get(1) * x.shape().get(2) * x.shape().get(3);
    return tf.reshape(x, tf.constant(new long[] {-1, features}));
  }

  /** Concatenates feature maps along channels (the U-Net skip connection). */
  public static Operand<TFloat32> concatChannels(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.concat(List.of(a, b), tf.constant(3));
  }

  /** Layers that convolve or pool need a static [batch, h, w, c] input. */
  static void requireImage(String layer, Operand<TFloat32> x) {
    if (x.shape().numDimensions() != 4) {
      throw new IllegalArgumentException(layer + ": expected input [batch, h, w, c], got " + x.shape());
    }
  }

  static void requireChannels(String layer, Operand<TFloat32> x, long channels) {
    long actual = x.shape().get(x.shape().numDimensions() - 1);
    if (actual != channels) {
      throw new IllegalArgumentException(layer + ": expected " + channels
          + " input channels, got input of shape " + x.shape());
    }
  }
}
