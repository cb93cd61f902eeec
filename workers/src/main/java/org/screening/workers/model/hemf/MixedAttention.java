package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A fusion block's attention on one branch: {@code a = LN(x); u = LN(a * MHEA(a));
 * v = u * SA(u); return v * CA(v)}. The official code applies the same LayerNorm twice.
 */
final class MixedAttention {

  private final Ops tf;
  private final LayerNorm norm;
  private final ExternalAttention external;
  private final SpatialAttention spatial;
  private final ChannelAttention channel;

  MixedAttention(ModelScope scope, long channels) {
    this.tf = scope.tf();
    this.norm = new LayerNorm(scope.sub("norm"), channels);
    this.external = new ExternalAttention(scope.sub("mea"), channels);
    this.spatial = new SpatialAttention(scope.sub("sa"));
    this.channel = new ChannelAttention(scope.sub("ca"), channels);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Operand<TFloat32> a = norm.apply(x);
    Operand<TFloat32> u = norm.apply(tf.math.mul(a, external.apply(a)));
    Operand<TFloat32> v = tf.math.mul(u, spatial.apply(u));
    return tf.math.mul(v, channel.apply(v));
  }
}
