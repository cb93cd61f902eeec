package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Ones;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch's BatchNorm2d (epsilon 1e-5, momentum 0.1) on FusedBatchNormV3. The shared
 * layers/BatchNormLayer keeps Keras' epsilon 1e-3. In training the fused op normalises with the
 * batch moments and, given the running statistics and an averaging factor of 0.1, returns them
 * already blended (with the unbiased batch variance, as PyTorch); those are assigned back.
 */
final class BatchNorm {

  private static final float EPSILON = 1e-5f;
  private static final float AVERAGING = 0.1f;

  private final ModelScope scope;
  private final Ops tf;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> runningMean;
  private final Variable<TFloat32> runningVariance;

  BatchNorm(ModelScope scope, long channels) {
    this.scope = scope;
    this.tf = scope.tf();
    this.gamma = scope.weight("gamma", Shape.of(channels), new Ones<>());
    this.beta = scope.weight("beta", Shape.of(channels), new Zeros<>());
    this.runningMean = scope.statistic("running_mean", Shape.of(channels), 0f);
    this.runningVariance = scope.statistic("running_variance", Shape.of(channels), 1f);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, boolean training) {
    Shapes.requireMap("BatchNorm", x, gamma.shape().get(0));
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, runningMean,
        runningVariance, FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(training),
        FusedBatchNorm.exponentialAvgFactor(training ? AVERAGING : 1f));
    if (training) {
      scope.addTrainingUpdate(tf.assign(runningMean, tf.stopGradient(bn.batchMean())));
      scope.addTrainingUpdate(tf.assign(runningVariance, tf.stopGradient(bn.batchVariance())));
    }
    return bn.y();
  }
}
