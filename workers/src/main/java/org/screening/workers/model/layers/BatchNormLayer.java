package org.screening.workers.model.layers;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation over the last axis (epsilon 1e-3 as in Keras, unless a model built
 * against PyTorch asks for its 1e-5; momentum 0.9 rather than Keras' 0.99 so the moving
 * statistics settle within the few hundred steps small medical datasets give, which is also
 * PyTorch's momentum 0.1). In
 * training it normalises with the batch's moments and registers the moving-average updates with
 * the scope; in inference it uses the moving statistics.
 */
public final class BatchNormLayer {

  private static final float MOMENTUM = 0.9f;
  private static final float KERAS_EPSILON = 1e-3f;
  /** BatchNorm2d's epsilon, for the zoo models specified against PyTorch. */
  public static final float PYTORCH_EPSILON = 1e-5f;

  private final ModelScope scope;
  private final Ops tf;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVariance;
  private final float epsilon;

  public BatchNormLayer(ModelScope scope, long channels) {
    this(scope, channels, KERAS_EPSILON, 1f);
  }

  /**
   * {@code initialGamma} 0 makes the layer output its beta (0) at step 0: how a residual
   * branch ending in this layer starts as the identity.
   */
  public BatchNormLayer(ModelScope scope, long channels, float epsilon, float initialGamma) {
    this.scope = scope;
    this.tf = scope.tf();
    this.epsilon = epsilon;
    this.gamma = scope.weight("gamma", Shape.of(channels), 
        (t, dims, type) -> t.fill(dims, t.constant(initialGamma)));
    this.beta = scope.weight("beta", Shape.of(channels), new Zeros<>());
    this.movingMean = scope.statistic("moving_mean", Shape.of(channels), 0f);
    this.movingVariance = scope.statistic("moving_variance", Shape.of(channels), 1f);
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x, boolean training) {
    Layers.requireChannels("BatchNorm", x, gamma.shape().get(0));
    Operand<TFloat32> mean = movingMean;
    Operand<TFloat32> variance = movingVariance;
    if (training) {
      int rank = x.shape().numDimensions();
      int[] axes = new int[rank - 1];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
      mean = tf.math.mean(x, tf.constant(axes));
      variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), tf.constant(axes));
      scope.addTrainingUpdate(movingAverage(movingMean, mean));
      scope.addTrainingUpdate(movingAverage(movingVariance, variance));
    }
    Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))));
    Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(mean, scale));
    return tf.math.add(tf.math.mul(x, scale), shift);
  }

  private Op movingAverage(Variable<TFloat32> average, Operand<TFloat32> value) {
    Operand<TFloat32> blended = tf.math.add(tf.math.mul(average, tf.constant(MOMENTUM)),
        tf.math.mul(tf.stopGradient(value), tf.constant(1f - MOMENTUM)));
    return tf.assign(average, blended);
  }
}
