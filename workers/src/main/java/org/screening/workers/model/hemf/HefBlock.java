package org.screening.workers.model.hemf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Gelu;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Hierarchical Enhanced Feature fusion block i: fuses the local map L, the global map G and the
 * previous block's output (none for the first) into
 * {@code F = S + SIRMLP(LN([MixAtt_g(G), MixAtt_l(L), Xf]))}, where Xf mixes 1x1 projections of
 * the inputs and S is the previous output brought to this scale (0 for the first block). Only
 * the modules the forward pass uses are built: the official code also creates Updim/norm1/W3 in
 * the first block and norm2/W in the others, which never receive a gradient.
 */
final class HefBlock {

  private final Ops tf;
  private final long channels;
  private final Conv2dLayer localProjection;
  private final BatchNormLayer localProjectionNorm;
  private final Conv2dLayer globalProjection;
  private final BatchNormLayer globalProjectionNorm;
  private final Conv2dLayer previousProjection;
  private final BatchNormLayer previousProjectionNorm;
  private final LayerNorm mixNorm;
  private final Conv2dLayer mix;
  private final BatchNormLayer mixBatchNorm;
  private final MixedAttention localAttention;
  private final MixedAttention globalAttention;
  private final LayerNorm fuseNorm;
  private final Sirmlp sirmlp;

  /** The first block ({@code first}) has no previous output. */
  HefBlock(ModelScope scope, long channels, boolean first) {
    this.tf = scope.tf();
    this.channels = channels;
    this.localProjection = FusionLayers.conv(scope.sub("W_l"), channels, channels, 1, true);
    this.localProjectionNorm = FusionLayers.batchNorm(scope.sub("W_l_bn"), channels);
    this.globalProjection = FusionLayers.conv(scope.sub("W_g"), channels, channels, 1, true);
    this.globalProjectionNorm = FusionLayers.batchNorm(scope.sub("W_g_bn"), channels);
    if (first) {
      this.previousProjection = null;
      this.previousProjectionNorm = null;
    } else {
      this.previousProjection =
          FusionLayers.conv(scope.sub("Updim"), channels / 2, channels, 1, true);
      this.previousProjectionNorm = FusionLayers.batchNorm(scope.sub("Updim_bn"), channels);
    }
    long mixed = (first ? 2 : 3) * channels;
    this.mixNorm = new LayerNorm(scope.sub(first ? "norm2" : "norm1"), mixed);
    this.mix = FusionLayers.conv(scope.sub(first ? "W" : "W3"), mixed, channels, 1, true);
    this.mixBatchNorm = FusionLayers.batchNorm(scope.sub(first ? "W_bn" : "W3_bn"), channels);
    this.localAttention = new MixedAttention(scope.sub("local"), channels);
    this.globalAttention = new MixedAttention(scope.sub("global"), channels);
    this.fuseNorm = new LayerNorm(scope.sub("norm3"), 3 * channels);
    this.sirmlp = new Sirmlp(scope.sub("residual"), 3 * channels, channels);
  }

  /** {@code previous} is null for the first block, else the previous block's output. */
  Operand<TFloat32> apply(Operand<TFloat32> local, Operand<TFloat32> global,
      Operand<TFloat32> previous, boolean training) {
    Shapes.requireMap("HEF local input", local, channels);
    if (!Arrays.equals(local.shape().asArray(), global.shape().asArray())) {
      throw new IllegalArgumentException("HEF: local map " + local.shape()
          + " and global map " + global.shape() + " differ");
    }
    if ((previous == null) != (previousProjection == null)) {
      throw new IllegalArgumentException(previous == null
          ? "HEF: this block fuses a previous output, none given"
          : "HEF: the first block takes no previous output, got " + previous.shape());
    }
    List<Operand<TFloat32>> mixInputs = new ArrayList<>();
    Operand<TFloat32> shortcut = null;
    if (previous != null) {
      Shapes.requireMap("HEF previous output", previous, channels / 2);
      if (previous.shape().get(1) != 2 * local.shape().get(1)
          || previous.shape().get(2) != 2 * local.shape().get(2)) {
        throw new IllegalArgumentException("HEF: previous output " + previous.shape()
            + " is not twice the size of the local map " + local.shape());
      }
      Operand<TFloat32> lifted = tf.nn.relu(previousProjectionNorm.apply(
          previousProjection.apply(previous), training));
      shortcut = tf.nn.avgPool(lifted, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
      mixInputs.add(shortcut);
    }
    mixInputs.add(localProjectionNorm.apply(localProjection.apply(local), training));
    mixInputs.add(globalProjectionNorm.apply(globalProjection.apply(global), training));
    Operand<TFloat32> mixed = Gelu.apply(tf, mixBatchNorm.apply(
        mix.apply(mixNorm.apply(tf.concat(mixInputs, tf.constant(3)))), training));
    Operand<TFloat32> fused = sirmlp.apply(fuseNorm.apply(tf.concat(List.of(
        globalAttention.apply(global), localAttention.apply(local), mixed), tf.constant(3))),
        training);
    return shortcut == null ? fused : tf.math.add(shortcut, fused);
  }
}
