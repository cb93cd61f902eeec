package org.screening.workers.model.hybrid;

import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.DotProductAttention;
import org.screening.workers.model.layers.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The hybrid model's single-head self-attention over pixels, in the non-local form of the
 * paper's Eqs. 3-4 (MODELS.md 4.1): 1x1 convs to Q, K, V of width d,
 * {@code A = softmax(Q K^T / sqrt d)}, {@code y = x + BN(conv1x1(A V))}. The BN starts at
 * gamma 0, so the block starts as the identity and the trunk's features pass unchanged.
 */
final class AttentionBlock {

  /** The block's output and its attention map [batch, h*w, h*w] (for explanations). */
  record Output(Operand<TFloat32> y, Operand<TFloat32> attention) {}

  private final Ops tf;
  private final long channels;
  private final Conv2dLayer query;
  private final Conv2dLayer key;
  private final Conv2dLayer value;
  private final Conv2dLayer project;
  private final BatchNormLayer norm;

  AttentionBlock(ModelScope scope, long channels, long width) {
    this.tf = scope.tf();
    this.channels = channels;
    this.query = new Conv2dLayer(scope.sub("query"), channels, width, 1, 1, true,
        Init.PYTORCH_DEFAULT);
    this.key = new Conv2dLayer(scope.sub("key"), channels, width, 1, 1, true, Init.PYTORCH_DEFAULT);
    this.value = new Conv2dLayer(scope.sub("value"), channels, width, 1, 1, true,
        Init.PYTORCH_DEFAULT);
    this.project = new Conv2dLayer(scope.sub("project"), width, channels, 1, 1, true,
        Init.PYTORCH_DEFAULT);
    this.norm = new BatchNormLayer(scope.sub("norm"), channels, BatchNormLayer.PYTORCH_EPSILON, 0f);
  }

  Output apply(Operand<TFloat32> x, boolean training) {
    if (x.shape().numDimensions() != 4 || x.shape().get(3) != channels) {
      throw new IllegalArgumentException("Attention block: expected input [batch, h, w, "
          + channels + "], got " + x.shape());
    }
    DotProductAttention.Output attended = DotProductAttention.apply(tf, query.apply(x),
        key.apply(x), value.apply(x));
    Operand<TFloat32> y = tf.math.add(x, norm.apply(project.apply(attended.values()), training));
    return new Output(y, attended.attention());
  }
}
