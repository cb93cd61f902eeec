package org.screening.workers.model.layers;

import org.screening.workers.model.ModelScope;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * How a layer's kernel and bias start. The zoo models name their schemes after PyTorch (their
 * papers were written against it), so a layer built from the spec starts where theirs did.
 * Random schemes draw one seed per tensor from the scope, in construction order.
 */
public enum Init {

  /** Keras' default: Glorot-uniform kernel, zero bias (the Med-IC networks). */
  GLOROT_UNIFORM {
    @Override
    Initializer<TFloat32> kernel(ModelScope scope, Shape shape, long fanIn, long fanOut) {
      return new GlorotUniform(shape, scope.nextSeed());
    }
  },

  /** torchvision's ResNet convs: kaiming_normal_(mode='fan_out'), N(sqrt(2 / (k*k*Cout))). */
  HE_OUT {
    @Override
    Initializer<TFloat32> kernel(ModelScope scope, Shape shape, long fanIn, long fanOut) {
      return Init.normal((float) Math.sqrt(2.0 / fanOut), scope.nextSeed());
    }
  },

  /** PyTorch's Conv/Linear default: kernel and bias both U(+-1/sqrt(fan_in)). */
  PYTORCH_DEFAULT {
    @Override
    Initializer<TFloat32> kernel(ModelScope scope, Shape shape, long fanIn, long fanOut) {
      return Init.uniform((float) (1 / Math.sqrt(fanIn)), scope.nextSeed());
    }

    @Override
    Initializer<TFloat32> bias(ModelScope scope, long fanIn) {
      return Init.uniform((float) (1 / Math.sqrt(fanIn)), scope.nextSeed());
    }
  },

  /** Kernel and bias zero: a branch that must contribute nothing at step 0. */
  ZEROS {
    @Override
    Initializer<TFloat32> kernel(ModelScope scope, Shape shape, long fanIn, long fanOut) {
      return new Zeros<>();
    }
  };

  /** {@code fanIn}/{@code fanOut}: inputs/outputs per kernel tap window (k*k*Cin/groups, k*k*Cout). */
  abstract Initializer<TFloat32> kernel(ModelScope scope, Shape shape, long fanIn, long fanOut);

  Initializer<TFloat32> bias(ModelScope scope, long fanIn) {
    return new Zeros<>();
  }

  private static Initializer<TFloat32> uniform(float limit, long seed) {
    return (tf, dims, type) -> tf.math.mul(tf.math.sub(tf.math.mul(
        tf.random.statelessRandomUniform(dims, tf.constant(new long[] {seed, 0x5EED}), type),
        tf.constant(2f)), tf.constant(1f)), tf.constant(limit));
  }

  // Untruncated: PyTorch's normal_ is, and TF's TruncatedNormal would cut at 2 sigma.
  private static Initializer<TFloat32> normal(float stddev, long seed) {
    return (tf, dims, type) -> tf.math.mul(
        tf.random.statelessRandomNormal(dims, tf.constant(new long[] {seed, 0x5EED}), type),
        tf.constant(stddev));
  }
}
