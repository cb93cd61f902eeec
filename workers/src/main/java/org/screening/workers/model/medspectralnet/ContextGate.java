package org.screening.workers.model.medspectralnet;

import java.util.List;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.DepthwiseConv2dLayer;
import org.screening.workers.model.layers.Gelu;
import org.screening.workers.model.layers.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.SplitV;
import org.tensorflow.types.TFloat32;

/**
 * ContextGate (MODELS.md 2.3, Eqs. 2-3), a MambaOut-style gated block: a 1x1 conv splits into a
 * gate g (2C/3 after rounding), an identity part i and a context part c (C/3 each, rounded up to
 * a multiple of 16 so SpectralFlow's squeeze divides it); c goes through a depthwise 7x7 and a
 * SpectralFlow; {@code y = x + conv1x1(GELU(g) * [c', i])}. The paper multiplies a C/3 gate
 * with a 2C/3 concatenation, which cannot be; the gate gets 2C/3 as in MambaOut.
 */
final class ContextGate {

  static final int DEPTHWISE_SIZE = 7;

  private final Ops tf;
  private final long channels;
  private final long part;
  private final Conv2dLayer split;
  private final DepthwiseConv2dLayer depthwise;
  private final SpectralFlow context;
  private final Conv2dLayer merge;

  ContextGate(ModelScope scope, long channels, int patch) {
    this.tf = scope.tf();
    this.channels = channels;
    this.part = (channels / 3 + 15) / 16 * 16;
    this.split = new Conv2dLayer(scope.sub("split"), channels, 4 * part, 1, 1, true,
        Init.PYTORCH_DEFAULT);
    this.depthwise = new DepthwiseConv2dLayer(scope.sub("depthwise"), part, DEPTHWISE_SIZE,
        Init.PYTORCH_DEFAULT);
    this.context = new SpectralFlow(scope.sub("spectral_flow"), part, patch,
        Init.PYTORCH_DEFAULT);
    // Zero so the block starts as its identity and F = 2f at step 0.
    this.merge = new Conv2dLayer(scope.sub("merge"), 2 * part, channels, 1, 1, true, Init.ZEROS);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    if (x.shape().numDimensions() != 4 || x.shape().get(3) != channels) {
      throw new IllegalArgumentException("ContextGate: expected input [batch, h, w, " + channels
          + "], got " + x.shape());
    }
    SplitV<TFloat32> parts = tf.splitV(split.apply(x),
        tf.constant(new long[] {2 * part, part, part}), tf.constant(3), 3L);
    Operand<TFloat32> gate = parts.output().get(0);
    Operand<TFloat32> identity = parts.output().get(1);
    Operand<TFloat32> refined = context.apply(depthwise.apply(parts.output().get(2)));
    Operand<TFloat32> gated = tf.math.mul(Gelu.apply(tf, gate),
        tf.concat(List.of(refined, identity), tf.constant(3)));
    return tf.math.add(x, merge.apply(gated));
  }
}
