package org.screening.workers.model.hemf;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.Conv2dLayer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** CBAM spatial gate: {@code Sigmoid(Conv7x7([mean_c(u), max_c(u)]))}, shape [B,H,W,1]. */
final class SpatialAttention {

  private final Ops tf;
  private final Conv2dLayer conv;

  SpatialAttention(ModelScope scope) {
    this.tf = scope.tf();
    this.conv = FusionLayers.conv(scope.sub("conv1"), 2, 1, 7, false);
  }

  Operand<TFloat32> apply(Operand<TFloat32> u) {
    Operand<TFloat32> mean = tf.math.mean(u, tf.constant(3), Mean.keepDims(true));
    Operand<TFloat32> max = tf.reduceMax(u, tf.constant(3), ReduceMax.keepDims(true));
    return tf.math.sigmoid(conv.apply(tf.concat(List.of(mean, max), tf.constant(3))));
  }
}
