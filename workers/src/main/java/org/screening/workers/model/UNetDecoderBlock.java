package org.screening.workers.model;

import org.screening.workers.model.layers.Layers;
import org.screening.workers.model.layers.TransposedConv2dLayer;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A U-Net decoder block: 2x2 transposed convolution up, concatenation with the encoder's skip
 * connection, then the same convolutions as an encoder block.
 */
final class UNetDecoderBlock {

  private final ModelScope scope;
  private final TransposedConv2dLayer up;
  private final UNetEncoderBlock convs;

  UNetDecoderBlock(ModelScope scope, long inChannels, long skipChannels, long filters,
      int convolutions, float dropout) {
    this.scope = scope;
    this.up = new TransposedConv2dLayer(scope.sub("up"), inChannels, filters);
    this.convs = new UNetEncoderBlock(scope, filters + skipChannels, filters, convolutions, dropout);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> skip, boolean training) {
    return convs.apply(Layers.concatChannels(scope.tf(), up.apply(x), skip), training);
  }
}
