package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.Gelu;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Enhanced Local Feature block: {@code x + GELU(Linear(DW3x3(LN(Conv3x3(x)))))}, every layer
 * with bias, channels preserved.
 */
final class ElfBlock {

  private final Ops tf;
  private final Conv conv;
  private final LayerNorm norm;
  private final DepthwiseConv depthwise;
  private final Linear pointwise;

  ElfBlock(ModelScope scope, long channels) {
    this.tf = scope.tf();
    this.conv = new Conv(scope.sub("conv"), channels, channels, 3, 1);
    this.norm = new LayerNorm(scope.sub("norm"), channels);
    this.depthwise = new DepthwiseConv(scope.sub("dwconv"), channels, 3);
    this.pointwise = Linear.branch(scope.sub("pwconv"), channels, channels);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Operand<TFloat32> y = pointwise.apply(depthwise.apply(norm.apply(conv.apply(x))));
    return tf.math.add(x, Gelu.apply(tf, y));
  }
}
