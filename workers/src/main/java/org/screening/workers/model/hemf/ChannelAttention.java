package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.Conv2dLayer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * CBAM channel gate: {@code Sigmoid(M(GAP(v)) + M(GMP(v)))}, one bottleneck M (reduction 16,
 * no bias) shared by both pooled vectors; shape [B,1,1,C].
 */
final class ChannelAttention {

  private static final long RATIO = 16;

  private final Ops tf;
  private final Conv2dLayer reduce;
  private final Conv2dLayer expand;

  ChannelAttention(ModelScope scope, long channels) {
    this.tf = scope.tf();
    this.reduce = FusionLayers.conv(scope.sub("fc1"), channels, channels / RATIO, 1, false);
    this.expand = FusionLayers.conv(scope.sub("fc2"), channels / RATIO, channels, 1, false);
  }

  Operand<TFloat32> apply(Operand<TFloat32> v) {
    Operand<TInt32> spatial = tf.constant(new int[] {1, 2});
    Operand<TFloat32> average = tf.math.mean(v, spatial, Mean.keepDims(true));
    Operand<TFloat32> max = tf.reduceMax(v, spatial, ReduceMax.keepDims(true));
    return tf.math.sigmoid(tf.math.add(bottleneck(average), bottleneck(max)));
  }

  private Operand<TFloat32> bottleneck(Operand<TFloat32> pooled) {
    return expand.apply(tf.nn.relu(reduce.apply(pooled)));
  }
}
