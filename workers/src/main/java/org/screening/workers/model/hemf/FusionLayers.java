package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Init;

/**
 * The convolutions and batch norms of HEMF's fusion blocks. The official code creates those
 * blocks after its {@code _init_weights} has run, so they keep PyTorch's defaults: convs
 * U(+-1/sqrt(fan_in)) for kernel and bias, stride 1, same padding; BatchNorm2d epsilon 1e-5.
 */
final class FusionLayers {

  private FusionLayers() {}

  static Conv2dLayer conv(ModelScope scope, long in, long out, int size, boolean withBias) {
    return new Conv2dLayer(scope, in, out, size, 1, withBias, Init.PYTORCH_DEFAULT);
  }

  static BatchNormLayer batchNorm(ModelScope scope, long channels) {
    return new BatchNormLayer(scope, channels, BatchNormLayer.PYTORCH_EPSILON, 1f);
  }
}
