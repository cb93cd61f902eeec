package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Gelu;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Squeezed inverted-residual MLP: {@code z = BN(Conv1x1(x)); t = BN(z + GELU(Conv3x3(z)));
 * BN(Conv1x1_{4C->C}(GELU(Conv1x1_{C->4C}(t))))}. The 3x3 is a full convolution as in the code
 * (the paper says depthwise; its Table 3 counts match the full one).
 */
final class Sirmlp {

  private final Ops tf;
  private final Conv2dLayer squeeze;
  private final BatchNormLayer squeezeNorm;
  private final Conv2dLayer conv1;
  private final BatchNormLayer norm1;
  private final Conv2dLayer expand;
  private final Conv2dLayer project;
  private final BatchNormLayer projectNorm;

  Sirmlp(ModelScope scope, long in, long channels) {
    this.tf = scope.tf();
    this.squeeze = FusionLayers.conv(scope.sub("conv_s"), in, channels, 1, true);
    this.squeezeNorm = FusionLayers.batchNorm(scope.sub("conv_s_bn"), channels);
    this.conv1 = FusionLayers.conv(scope.sub("conv1"), channels, channels, 3, false);
    this.norm1 = FusionLayers.batchNorm(scope.sub("bn1"), channels);
    this.expand = FusionLayers.conv(scope.sub("conv2"), channels, 4 * channels, 1, false);
    this.project = FusionLayers.conv(scope.sub("conv3"), 4 * channels, channels, 1, false);
    this.projectNorm = FusionLayers.batchNorm(scope.sub("conv3_bn"), channels);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, boolean training) {
    Operand<TFloat32> z = squeezeNorm.apply(squeeze.apply(x), training);
    Operand<TFloat32> t = norm1.apply(tf.math.add(z, Gelu.apply(tf, conv1.apply(z))), training);
    return projectNorm.apply(project.apply(Gelu.apply(tf, expand.apply(t))), training);
  }
}
