package org.screening.workers.model;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A U-Net encoder block: 3x3 convolutions with ReLU, then dropout (no batch norm). */
final class UNetEncoderBlock {

  private final ModelScope scope;
  private final List<Conv2dLayer> convs = new ArrayList<>();
  private final float dropout;
  private final long dropoutSeed;

  UNetEncoderBlock(ModelScope scope, long inChannels, long filters, int convolutions,
      float dropout) {
    this.scope = scope;
    for (int i = 0; i < convolutions; i++) {
      convs.add(new Conv2dLayer(scope.sub("conv" + (i + 1)), i == 0 ? inChannels : filters,
          filters, 3));
    }
    this.dropout = dropout;
    this.dropoutSeed = scope.nextSeed();
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, boolean training) {
    for (Conv2dLayer conv : convs) {
      x = scope.tf().nn.relu(conv.apply(x));
    }
    return Layers.dropout(scope.tf(), x, dropout, dropoutSeed, training);
  }
}
